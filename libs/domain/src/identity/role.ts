export const ROLES = ['admin', 'supervisor', 'operator', 'engineer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Roles that may change records; auditors read, never change. */
export const WRITER_ROLES: readonly Role[] = ['admin', 'supervisor', 'operator', 'engineer'];
export const ALL_ROLES: readonly Role[] = ROLES;
