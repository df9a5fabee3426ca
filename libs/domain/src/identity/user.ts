import type { Role } from './role';

export interface User {
  id: string;
  username: string;
  displayName: string | null;
  /** Where alerts are mailed; null for users who get them on the dashboard only. */
  email: string | null;
  role: Role;
  passwordHash: string;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Who is acting, as recorded in the audit trail. */
export interface Actor {
  userId: string | null;
  username: string;
  role: Role | 'system';
}

export const SYSTEM_ACTOR: Actor = { userId: null, username: 'system', role: 'system' };

export type PublicUser = Omit<User, 'passwordHash'>;

export function toPublicUser(user: User): PublicUser {
  const { passwordHash: _omitted, ...rest } = user;
  return rest;
}

/** Usernames: 3–64 of letters, digits, . _ - @ */
export const USERNAME_PATTERN = /^[A-Za-z0-9._@-]{3,64}$/;
export const MIN_PASSWORD_LENGTH = 8;
