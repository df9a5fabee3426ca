import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Permission } from '@vigil/domain';

export const PERMISSION_KEY = 'vigil:permission';
export const PERMISSION_EXTENSION = 'x-vigil-permission';

/**
 * The permission a route exercises, from the one table in the domain (PERMISSIONS). The guard refuses a
 * role without it before the body is read; the service checks it again with the user's scope. It is
 * also written into the OpenAPI document, where the generated scope test finds every route's rule.
 */
export const Can = (permission: Permission) => applyDecorators(SetMetadata(PERMISSION_KEY, permission), ApiExtension(PERMISSION_EXTENSION, permission));
