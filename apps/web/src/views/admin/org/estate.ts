import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '@web/api/http';
import type { Contract, Customer, Page, Site } from './types';

/** A site with the sites under it, for trees and pickers. */
export interface SiteNode {
  id: string;
  label: string;
  site: Site;
  children: SiteNode[];
}

/** Sites as a tree by parent, siblings by code; a site whose parent is not visible (outside the scope) is a root. */
export function siteTree(sites: readonly Site[]): SiteNode[] {
  const nodes = new Map(sites.map((s) => [s.id, { id: s.id, label: `${s.name} (${s.code})`, site: s, children: [] as SiteNode[] }]));
  const roots: SiteNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.site.parentId ? nodes.get(node.site.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: SiteNode[]): SiteNode[] => {
    list.sort((a, b) => a.site.code.localeCompare(b.site.code));
    for (const n of list) sort(n.children);
    return list;
  };
  return sort(roots);
}

/** The ids of a site and every site under it (a site cannot move under one of these). */
export function subtreeIds(sites: readonly Site[], rootId: string): Set<string> {
  const out = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of sites) {
      if (s.parentId && out.has(s.parentId) && !out.has(s.id)) {
        out.add(s.id);
        grew = true;
      }
    }
  }
  return out;
}

/** Customers, contracts and sites the admin screens pick from; read once, read again after a change. */
export const useEstate = defineStore('admin-estate', () => {
  const customers = ref<Customer[]>([]);
  const contracts = ref<Contract[]>([]);
  const sites = ref<Site[]>([]);
  const loaded = ref(false);

  async function load(): Promise<void> {
    const [c, k, s] = await Promise.all([api.GET('/api/customers'), api.GET('/api/contracts'), api.GET('/api/sites')]);
    customers.value = (c.data as unknown as Page<Customer>).items;
    contracts.value = (k.data as unknown as Page<Contract>).items;
    sites.value = (s.data as unknown as Page<Site>).items;
    loaded.value = true;
  }

  async function ensure(): Promise<void> {
    if (!loaded.value) await load();
  }

  const customerName = computed(() => new Map(customers.value.map((c) => [c.id, c.name])));
  const siteById = computed(() => new Map(sites.value.map((s) => [s.id, s])));
  const tree = computed(() => siteTree(sites.value));
  return { customers, contracts, sites, loaded, load, ensure, customerName, siteById, tree };
});
