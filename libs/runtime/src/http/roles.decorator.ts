import { SetMetadata } from '@nestjs/common';
import type { Role } from '@vigil/domain';

export const ROLES_KEY = 'vigil:roles';
/** The roles that may call a route; a route without it is open to every signed-in user. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
