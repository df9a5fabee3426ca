import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { Role } from '@vigil/domain/identity/role';
import { api } from '@web/api/http';

export interface SiteRef {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  customerId: string | null;
  contractId: string | null;
  timeZone: string;
}

export interface UserRef {
  id: string;
  username: string;
  role: Role;
  displayName?: string | null;
  active?: boolean;
}

/**
 * Names for the ids the API answers with (sites, users), read once per session within the reader's scope
 * and kept: pages print names and local times in the site's zone, never ids or UTC.
 */
export const useLookups = defineStore('lookups', () => {
  const sites = shallowRef(new Map<string, SiteRef>());
  const users = shallowRef(new Map<string, UserRef>());
  let sitesLoading: Promise<void> | null = null;
  let usersLoading: Promise<void> | null = null;

  function loadSites(force = false): Promise<void> {
    if (!sitesLoading || force) {
      sitesLoading = api.GET('/api/sites', { params: { query: { limit: 10000 } } }).then(({ data }) => {
        const items = (data as unknown as { items: SiteRef[] }).items;
        sites.value = new Map(items.map((s) => [s.id, s]));
      });
      sitesLoading.catch(() => (sitesLoading = null));
    }
    return sitesLoading;
  }

  /** Users the reader may list (admins, supervisors, operators, auditors); others get none and see ids. */
  function loadUsers(force = false): Promise<void> {
    if (!usersLoading || force) {
      usersLoading = api
        .GET('/api/users', { params: { query: { limit: 10000 } } })
        .then(({ data }) => {
          const items = (data as unknown as { items: UserRef[] }).items;
          users.value = new Map(items.map((u) => [u.id, u]));
        })
        .catch(() => undefined);
    }
    return usersLoading;
  }

  const siteName = (id: string | null | undefined): string => (id ? (sites.value.get(id)?.name ?? id) : '');
  const siteZone = (id: string | null | undefined): string | undefined => (id ? sites.value.get(id)?.timeZone : undefined);
  const userName = (id: string | null | undefined): string => {
    const user = id ? users.value.get(id) : undefined;
    return user ? user.displayName || user.username : (id ?? '');
  };
  const usersWithRole = (role: Role): UserRef[] => [...users.value.values()].filter((u) => u.role === role && u.active !== false);

  return { sites, users, loadSites, loadUsers, siteName, siteZone, userName, usersWithRole };
});
