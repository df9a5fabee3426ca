import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'vigil:public';
/** Marks a route that needs no token (login, health, metrics, the dashboard's files). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
