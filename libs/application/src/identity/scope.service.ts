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
    if (!scope) return null;
    return [...sitesInScope(scope, await this.sites.listAll())];
  }

  /** Outside the scope a thing does not exist for that user: 404, not 403, so nothing about it leaks. */
  async requireSite(actor: Actor, siteId: string, entity: string, id: string): Promise<void> {
    const allowed = await this.siteIdsOf(actor);
    if (allowed && !allowed.includes(siteId)) throw new NotFoundError(entity, id);
  }
}
