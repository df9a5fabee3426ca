import { Injectable } from '@nestjs/common';
import { isReadPermission, roleMay, sitesInScope, type Actor, type Permission, type Site, type UserScope } from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { ForbiddenError, NotFoundError } from '../errors';
import { SiteRepository, TransactionRunner } from '../ports';

/**
 * The one access policy: every service asks it first, before it reads or changes anything.
 * A role that may not do a thing gets 403. A thing outside the user's scope (customers and sites)
 * does not exist for them: 404, on reads and writes alike, so nothing about it leaks. Both refusals are
 * recorded in the audit trail. `null` site lists mean the whole estate.
 */
@Injectable()
export class AccessPolicy {
  constructor(
    private readonly sitesRepo: SiteRepository,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
  ) {}

  /** The role check alone, for things that belong to no site (calendars, templates, the actor's own record). */
  async require(actor: Actor, permission: Permission): Promise<void> {
    if (roleMay(actor.role, permission)) return;
    await this.forbid(actor, permission, 'permission', null, `role ${actor.role} may not do this (${permission})`);
  }

  /** The sites the actor may use with this permission: null for the whole estate. */
  async siteFilter(actor: Actor, permission: Permission): Promise<string[] | null> {
    await this.require(actor, permission);
    return this.siteIdsIn(actor.scope ?? null);
  }

  /** Something at a site (a device, fault, patrol …); siteId null is a thing of the whole estate, only for unscoped users. */
  async requireSite(actor: Actor, permission: Permission, siteId: string | null, entity: string, id: string): Promise<void> {
    await this.requireSites(actor, permission, siteId === null ? null : [siteId], entity, id);
  }

  /** Something that covers several sites (a maintenance window, a rota); null: every site, only for unscoped users. */
  async requireSites(actor: Actor, permission: Permission, siteIds: readonly string[] | null, entity: string, id: string): Promise<void> {
    await this.require(actor, permission);
    const allowed = await this.siteIdsIn(actor.scope ?? null);
    if (allowed === null) return;
    const inside = new Set(allowed);
    if (siteIds !== null && siteIds.every((s) => inside.has(s))) return;
    await this.outside(actor, permission, entity, id);
  }

  /**
   * Something of a customer (its record, contracts, fault rules, SLA policy). Reading needs one of its sites
   * in scope; changing needs the whole customer in scope. customerId null: a thing of no customer, unscoped users only.
   */
  async requireCustomer(actor: Actor, permission: Permission, customerId: string | null, entity: string, id: string): Promise<void> {
    await this.require(actor, permission);
    const scope = actor.scope ?? null;
    if (scope === null) return;
    if (customerId !== null && (await this.customerIdsIn(scope, isReadPermission(permission))).has(customerId)) return;
    await this.outside(actor, permission, entity, id);
  }

  /** The customers a scoped user may read (of any site in scope) or change (named whole in the scope); null: all. */
  async customerFilter(actor: Actor, permission: Permission): Promise<string[] | null> {
    await this.require(actor, permission);
    const scope = actor.scope ?? null;
    return scope === null ? null : [...(await this.customerIdsIn(scope, isReadPermission(permission)))];
  }

  /** Things of the whole estate (holiday calendars, checklist templates): unscoped users only, 403 for the others. */
  async requireWholeEstate(actor: Actor, permission: Permission): Promise<void> {
    await this.require(actor, permission);
    if (!actor.scope) return;
    await this.forbid(actor, permission, 'estate', null, 'this changes the whole estate; a user with a scope may not do it');
  }

  /** Whether one scope lies inside the actor's (an unscoped actor covers every scope; a scoped one never covers null). */
  async covers(actor: Actor, scope: UserScope | null): Promise<boolean> {
    if (!actor.scope) return true;
    if (scope === null) return false;
    const [mine, theirs] = await this.siteIdsInEach([actor.scope, scope]);
    const inside = new Set(mine);
    return theirs.every((s) => inside.has(s)) && scope.customerIds.every((c) => actor.scope!.customerIds.includes(c));
  }

  /** Something in scope that this user may see but not work (a fault or patrol that is someone else's): 403, recorded. */
  async forbid(actor: Actor, permission: Permission, entity: string, id: string | null, reason: string): Promise<never> {
    await this.refuse(actor, permission, entity, id);
    throw new ForbiddenError(reason);
  }

  async siteIdsIn(scope: UserScope | null): Promise<string[] | null> {
    return scope ? (await this.siteIdsInEach([scope]))[0] : null;
  }

  /** The sites of several scopes from one read of the site list. */
  async siteIdsInEach(scopes: UserScope[]): Promise<string[][]> {
    if (scopes.length === 0) return [];
    const sites = await this.sitesRepo.listAll();
    return scopes.map((scope) => [...sitesInScope(scope, sites)]);
  }

  private async customerIdsIn(scope: UserScope, forReading: boolean): Promise<Set<string>> {
    const ids = new Set(scope.customerIds);
    if (!forReading) return ids;
    const sites: Site[] = await this.sitesRepo.listAll();
    const inScope = sitesInScope(scope, sites);
    for (const site of sites) if (inScope.has(site.id) && site.customerId) ids.add(site.customerId);
    return ids;
  }

  /** Refuses something the actor's scope does not cover (or would not cover after a change): recorded, then 404. */
  async outside(actor: Actor, permission: Permission, entity: string, id: string): Promise<never> {
    await this.refuse(actor, permission, entity, id);
    throw new NotFoundError(entity, id);
  }

  private async refuse(actor: Actor, permission: Permission, entity: string, id: string | null): Promise<void> {
    await this.tx.run(() => this.audit.record(actor, 'access-denied', entity, id, null, { permission }));
  }
}
