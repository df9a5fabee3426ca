import { Injectable } from '@nestjs/common';
import type { Page, PageRequest, Site } from '@vigil/domain';
import { SiteRepository, type SiteFilter } from '@vigil/application';
import { SiteEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';
import { pageOf, whereSiteIn } from './page-query';

const toSite = (e: SiteEntity): Site => ({ ...e });

@Injectable()
export class TypeormSiteRepository extends SiteRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get repo() {
    return this.tx.manager().getRepository(SiteEntity);
  }
  async findById(id: string): Promise<Site | null> {
    const e = await this.repo.findOneBy({ id });
    return e ? toSite(e) : null;
  }
  async findByCode(code: string): Promise<Site | null> {
    const e = await this.repo.findOneBy({ code });
    return e ? toSite(e) : null;
  }
  list(filter: SiteFilter, page: PageRequest): Promise<Page<Site>> {
    const q = this.repo.createQueryBuilder('s').orderBy('s.code', 'ASC');
    if (filter.region) q.andWhere('s.region = :region', { region: filter.region });
    if (filter.parentId) q.andWhere('s.parentId = :parentId', { parentId: filter.parentId });
    if (filter.customerId) q.andWhere('s.customerId = :customerId', { customerId: filter.customerId });
    whereSiteIn(q, 's.id', filter.siteIds);
    return pageOf(q, page, toSite);
  }
  async listAll(): Promise<Site[]> {
    return (await this.repo.find({ order: { code: 'ASC' } })).map(toSite);
  }
  async insert(site: Site): Promise<void> {
    await this.repo.insert(site);
  }
  async update(site: Site): Promise<void> {
    await this.repo.save(site);
  }
  async delete(id: string): Promise<void> {
    await this.repo.delete({ id });
  }
  countChildren(id: string): Promise<number> {
    return this.repo.countBy({ parentId: id });
  }
}
