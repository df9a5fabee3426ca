import type { Actor, UserScope } from '@vigil/domain';
import type { AccessPolicy } from './access-policy';

/**
 * The users a scoped actor may see (and name in rotas, dispatches …): unscoped users, the contractor's staff
 * they work with, and users whose scope lies inside theirs; never users of other customers. One site read.
 */
export async function usersVisibleTo<T extends { scope: UserScope | null }>(access: AccessPolicy, actor: Actor, users: T[]): Promise<T[]> {
  const own = actor.scope;
  if (!own) return users;
  const scoped = users.filter((u) => u.scope !== null);
  const [mine, ...theirs] = await access.siteIdsInEach([own, ...scoped.map((u) => u.scope!)]);
  const inside = new Set(mine);
  const covered = new Set(scoped.filter((u, i) => theirs[i].every((s) => inside.has(s)) && u.scope!.customerIds.every((c) => own.customerIds.includes(c))));
  return users.filter((u) => u.scope === null || covered.has(u));
}

/** The users whose own scope covers a site (unscoped users cover every site), in the order given. One site read. */
export async function usersCovering<T extends { scope: UserScope | null }>(access: AccessPolicy, users: T[], siteId: string): Promise<T[]> {
  const scoped = users.filter((u) => u.scope !== null);
  const sites = await access.siteIdsInEach(scoped.map((u) => u.scope!));
  const covers = new Set(scoped.filter((_, i) => sites[i].includes(siteId)));
  return users.filter((u) => u.scope === null || covers.has(u));
}
