import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '@web/api/http';
import type { AdminUser, ContractRow, CustomerRow, Page, SiteRow } from './types';

/**
 * The names the people-and-rotas screens pick from and show: users, customers, sites and contracts, read once
 * and shared by the four screens (each reloads what it changed).
 */
export const usePeopleDirectory = defineStore('admin-people-directory', () => {
  const users = ref<AdminUser[]>([]);
  const customers = ref<CustomerRow[]>([]);
  const sites = ref<SiteRow[]>([]);
  const contracts = ref<ContractRow[]>([]);
  let loading: Promise<void> | null = null;

  async function loadUsers(): Promise<void> {
    const { data } = await api.GET('/api/users', {});
    users.value = (data as unknown as Page<AdminUser>).items;
  }

  async function loadEstate(): Promise<void> {
    const [c, s, k] = await Promise.all([api.GET('/api/customers'), api.GET('/api/sites', {}), api.GET('/api/contracts')]);
    customers.value = (c.data as unknown as Page<CustomerRow>).items;
    sites.value = (s.data as unknown as Page<SiteRow>).items;
    contracts.value = (k.data as unknown as Page<ContractRow>).items;
  }

  /** Reads everything once; later calls wait for the same read. */
  function ensure(): Promise<void> {
    loading ??= Promise.all([loadUsers(), loadEstate()]).then(
      () => undefined,
      (err: unknown) => {
        loading = null;
        throw err;
      },
    );
    return loading;
  }

  const userById = computed(() => new Map(users.value.map((u) => [u.id, u])));
  const siteById = computed(() => new Map(sites.value.map((s) => [s.id, s])));
  const customerById = computed(() => new Map(customers.value.map((c) => [c.id, c])));
  const contractById = computed(() => new Map(contracts.value.map((c) => [c.id, c])));

  /** A person as others know them: the display name, with the user name when they differ. */
  function personName(id: string | null | undefined): string {
    if (!id) return '';
    const u = userById.value.get(id);
    if (!u) return id;
    return u.displayName && u.displayName !== u.username ? `${u.displayName} (${u.username})` : u.username;
  }

  function siteName(id: string): string {
    const s = siteById.value.get(id);
    return s ? `${s.name} (${s.code})` : id;
  }

  return { users, customers, sites, contracts, ensure, loadUsers, loadEstate, userById, siteById, customerById, contractById, personName, siteName };
});
