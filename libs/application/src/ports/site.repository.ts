import type { Page, PageRequest, Site } from '@vigil/domain';

export interface SiteFilter {
  region?: string;
  parentId?: string;
  customerId?: string;
  /** A user's scope (null or absent: every site). */
  siteIds?: string[] | null;
}

export abstract class SiteRepository {
  abstract findById(id: string): Promise<Site | null>;
  abstract findByCode(code: string): Promise<Site | null>;
  abstract list(filter: SiteFilter, page: PageRequest): Promise<Page<Site>>;
  abstract listAll(): Promise<Site[]>;
  abstract insert(site: Site): Promise<void>;
  abstract update(site: Site): Promise<void>;
  abstract delete(id: string): Promise<void>;
  abstract countChildren(id: string): Promise<number>;
}
