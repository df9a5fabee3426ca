import { Injectable } from '@nestjs/common';
import { sitesInScope, type Actor, type UserScope } from '@vigil/domain';
import { NotFoundError } from '../errors';
import { SiteRepository } from '../ports';

/** What part of the estate an actor may see: null is all of it, otherwise the site ids of their scope. */
@Injectable()
export class ScopeService {
  constructor(private readonly sites: SiteRepository) {}

  siteIdsOf(actor: Actor): Promise<string[] | null> {
    return this.siteIdsIn(actor.scope ?? null);
  }

  async siteIdsIn(scope: UserScope | null): Promise<string[] | null> {
    return scope ? (await this.siteIdsInEach([scope]))[0] : null;
  }

  /** The sites of several scopes from one read of the site list. */
  async siteIdsInEach(scopes: UserScope[]): Promise<string[][]> {
    if (scopes.length === 0) return [];
    const sites = await this.sites.listAll();
    return scopes.map((scope) => [...sitesInScope(scope, sites)]);
  }

  /** Outside the scope a thing does not exist for that user: 404, not 403, so nothing about it leaks. */
  async requireSite(actor: Actor, siteId: string, entity: string, id: string): Promise<void> {
    const allowed = await this.siteIdsOf(actor);
    if (allowed && !allowed.includes(siteId)) throw new NotFoundError(entity, id);
  }
}
