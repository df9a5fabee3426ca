import type { Role } from './role';

export interface User {
  id: string;
  username: string;
  displayName: string | null;
  /** Where alerts are mailed; null for users who get them on the dashboard only. */
  email: string | null;
  role: Role;
  passwordHash: string;
  /** Raised whenever the user's tokens must stop working (password, role, scope, deactivation); tokens carry it as `tv`. */
  tokenVersion: number;
  active: boolean;
  /** What the user may see; null: the whole estate. */
  scope: UserScope | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * A part of the estate: the sites of the customers named, and the sites named with every site under
 * them. A contractor's supervisor sees everything; a customer's own operator or auditor sees theirs.
 */
export interface UserScope {
  customerIds: string[];
  siteIds: string[];
}

/** The sites a scope covers, given every site with its parent and customer. */
export function sitesInScope(scope: UserScope, sites: readonly { id: string; parentId: string | null; customerId: string | null }[]): Set<string> {
  const byId = new Map(sites.map((s) => [s.id, s]));
  const named = new Set(scope.siteIds);
  const customers = new Set(scope.customerIds);
  const covered = new Set<string>();
  for (const site of sites) {
    if (site.customerId && customers.has(site.customerId)) {
      covered.add(site.id);
      continue;
    }
    for (let s: typeof site | undefined = site, depth = 0; s && depth < 32; s = s.parentId ? byId.get(s.parentId) : undefined, depth += 1) {
      if (named.has(s.id)) {
        covered.add(site.id);
        break;
      }
    }
  }
  return covered;
}

/** Who is acting, as recorded in the audit trail. */
export interface Actor {
  userId: string | null;
  username: string;
  role: Role | 'system';
  /** The acting user's scope; absent or null: the whole estate. */
  scope?: UserScope | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, username: 'system', role: 'system' };

export type PublicUser = Omit<User, 'passwordHash' | 'tokenVersion'>;

export function toPublicUser(user: User): PublicUser {
  const { passwordHash: _omitted, tokenVersion: _internal, ...rest } = user;
  return rest;
}

/** Usernames: 3–64 of letters, digits, . _ - @ */
export const USERNAME_PATTERN = /^[A-Za-z0-9._@-]{3,64}$/;
