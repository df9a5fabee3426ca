import { sitesInScope, type UserScope } from '@vigil/domain/identity/user';
import type { CustomerRow, SiteRow } from './types';

/** How the user form holds a scope: the whole estate, or customers and sites (a site brings every site under it). */
export interface ScopeChoice {
  whole: boolean;
  customerIds: string[];
  siteIds: string[];
}

export interface SiteNode {
  value: string;
  label: string;
  children?: SiteNode[];
}

export function choiceOf(scope: UserScope | null): ScopeChoice {
  return scope === null ? { whole: true, customerIds: [], siteIds: [] } : { whole: false, customerIds: [...scope.customerIds], siteIds: [...scope.siteIds] };
}

/**
 * The site tree for the picker, by parent, in code order; a site whose parent the reader cannot see is a root.
 * Parents are followed at most 32 deep, as the server does.
 */
export function siteTree(sites: readonly SiteRow[]): SiteNode[] {
  const ids = new Set(sites.map((s) => s.id));
  const children = new Map<string | null, SiteRow[]>();
  for (const s of sites) {
    const parent = s.parentId && ids.has(s.parentId) && s.parentId !== s.id ? s.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), s]);
  }
  const build = (parent: string | null, depth: number, seen: Set<string>): SiteNode[] =>
    (children.get(parent) ?? [])
      .filter((s) => !seen.has(s.id))
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((s) => {
        const kids = depth < 32 ? build(s.id, depth + 1, new Set([...seen, s.id])) : [];
        return { value: s.id, label: `${s.name} (${s.code})`, ...(kids.length ? { children: kids } : {}) };
      });
  return build(null, 0, new Set());
}

/** Drops the sites a named site already brings (its sub-sites) and repeats: the scope says the same with fewer names. */
export function withoutCovered(siteIds: readonly string[], sites: readonly SiteRow[]): string[] {
  const byId = new Map(sites.map((s) => [s.id, s]));
  const named = new Set(siteIds);
  const covered = (id: string): boolean => {
    for (let s = byId.get(byId.get(id)?.parentId ?? ''), depth = 0; s && depth < 32; s = byId.get(s.parentId ?? ''), depth += 1) if (named.has(s.id)) return true;
    return false;
  };
  return [...new Set(siteIds)].filter((id) => !covered(id));
}

export type ScopeProblem = 'scopeEmpty' | null;

/** What the API is sent: null for the whole estate; a scope naming nothing is refused (it would show nothing). */
export function scopeToApi(choice: ScopeChoice, sites: readonly SiteRow[]): { scope: UserScope | null; problem: ScopeProblem } {
  if (choice.whole) return { scope: null, problem: null };
  const scope = { customerIds: [...new Set(choice.customerIds)], siteIds: withoutCovered(choice.siteIds, sites) };
  return { scope, problem: scope.customerIds.length + scope.siteIds.length === 0 ? 'scopeEmpty' : null };
}

/** A scope in a line: the customers and sites it names, and how many sites that comes to. */
export function scopeSummary(
  scope: UserScope | null,
  customers: readonly CustomerRow[],
  sites: readonly SiteRow[],
): { whole: true } | { whole: false; customers: string[]; sites: string[]; siteCount: number } {
  if (scope === null) return { whole: true };
  const customerName = new Map(customers.map((c) => [c.id, c.name]));
  const site = new Map(sites.map((s) => [s.id, s]));
  return {
    whole: false,
    customers: scope.customerIds.map((id) => customerName.get(id) ?? id),
    sites: scope.siteIds.map((id) => (site.has(id) ? `${site.get(id)!.name} (${site.get(id)!.code})` : id)),
    siteCount: sitesInScope(scope, sites).size,
  };
}
