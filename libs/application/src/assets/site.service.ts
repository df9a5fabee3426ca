import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  DEFAULT_TIME_ZONE,
  DEFAULT_WORKING_HOURS,
  SITE_CLASSES,
  WORKING_HOURS_PATTERN,
  sitesInScope,
  type Actor,
  type Page,
  type PageRequest,
  type Site,
  type SiteClass,
} from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { AssetChanges } from './asset-changes';
import { ConflictError, InputError, NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import { ClockPort, ContractRepository, CustomerRepository, DeviceRepository, SiteRepository, TransactionRunner, type SiteFilter } from '../ports';

export interface SiteInput {
  code: string;
  name: string;
  region: string;
  parentId?: string | null;
  customerId?: string | null;
  contractId?: string | null;
  address?: string | null;
  timeZone?: string;
  workingHours?: string;
  siteClass?: SiteClass;
}

@Injectable()
export class SiteService {
  constructor(
    private readonly sites: SiteRepository,
    private readonly devices: DeviceRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
    private readonly customers: CustomerRepository,
    private readonly contracts: ContractRepository,
    private readonly access: AccessPolicy,
    private readonly changes: AssetChanges,
  ) {}

  async list(actor: Actor, filter: Omit<SiteFilter, 'siteIds'>, page: PageRequest): Promise<Page<Site>> {
    const siteIds = await this.access.siteFilter(actor, 'estate.read');
    return this.sites.list({ ...filter, siteIds }, page);
  }

  async get(actor: Actor, id: string): Promise<Site> {
    await this.access.requireSite(actor, 'estate.read', id, 'site', id);
    return this.find(id);
  }

  async create(actor: Actor, input: SiteInput): Promise<Site> {
    const id = randomUUID();
    await this.requirePlace(actor, { id, customerId: input.customerId ?? null, parentId: input.parentId ?? null, contractId: input.contractId ?? null }, null);
    return this.announced(async () => {
      if (await this.sites.findByCode(input.code)) throw new ConflictError(`site code ${input.code} exists`);
      checkWorkingHours(input.workingHours);
      checkSiteClass(input.siteClass);
      const parent = input.parentId ? await this.requireParent(input.parentId) : null;
      await this.requireReferences(input, input.customerId ?? parent?.customerId ?? null);
      const now = this.clock.now();
      const site: Site = {
        id,
        code: input.code,
        name: input.name,
        region: input.region,
        parentId: parent?.id ?? null,
        customerId: input.customerId ?? parent?.customerId ?? null,
        contractId: input.contractId ?? parent?.contractId ?? null,
        address: input.address ?? null,
        timeZone: input.timeZone ?? parent?.timeZone ?? DEFAULT_TIME_ZONE,
        workingHours: input.workingHours ?? parent?.workingHours ?? DEFAULT_WORKING_HOURS,
        siteClass: input.siteClass ?? 'general',
        createdAt: now,
        updatedAt: now,
      };
      await this.sites.insert(site);
      await this.audit.record(actor, 'create', 'site', site.id, null, site);
      return site;
    });
  }

  async update(actor: Actor, id: string, patch: Partial<SiteInput>): Promise<Site> {
    await this.access.requireSite(actor, 'site.write', id, 'site', id);
    const current = await this.find(id);
    await this.requirePlace(actor, { ...current, ...stripUndefined({ customerId: patch.customerId, parentId: patch.parentId, contractId: patch.contractId }) }, current);
    return this.announced(async () => {
      const before = await this.find(id);
      if (patch.code && patch.code !== before.code && (await this.sites.findByCode(patch.code))) {
        throw new ConflictError(`site code ${patch.code} exists`);
      }
      if (patch.parentId) await this.refuseCycle(id, patch.parentId);
      checkWorkingHours(patch.workingHours);
      checkSiteClass(patch.siteClass);
      await this.requireReferences(patch, patch.customerId ?? before.customerId);
      const after: Site = { ...before, ...stripUndefined(patch), updatedAt: this.clock.now() };
      await this.sites.update(after);
      await this.audit.record(actor, 'update', 'site', id, before, after);
      return after;
    });
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await this.access.requireSite(actor, 'site.write', id, 'site', id);
    return this.announced(async () => {
      const before = await this.find(id);
      if ((await this.sites.countChildren(id)) > 0) throw new ConflictError('site has child sites; move or delete them first');
      if ((await this.devices.countBySite(id)) > 0) throw new ConflictError('site has devices; move or delete them first');
      await this.sites.delete(id);
      await this.audit.record(actor, 'delete', 'site', id, before, null);
    });
  }

  /** Runs a change in one transaction and, once committed, tells the processes that cache sites (video profiles). */
  private async announced<T>(work: () => Promise<T>): Promise<T> {
    const out = await this.tx.run(work);
    this.changes.sitesChanged(this.clock.now());
    return out;
  }

  private async find(id: string): Promise<Site> {
    const site = await this.sites.findById(id);
    if (!site) throw new NotFoundError('site', id);
    return site;
  }

  /**
   * Where a scoped user puts a site (new, or moved) must lie in their scope: a parent site inside it, a
   * customer they hold whole (unless it is the parent's), a contract of a customer they see (each 404
   * otherwise), and the site must end up inside their scope (404; under no customer and no parent it
   * belongs to the whole estate: 403).
   */
  private async requirePlace(actor: Actor, place: Pick<Site, 'id' | 'customerId' | 'parentId' | 'contractId'>, before: Site | null): Promise<void> {
    await this.access.require(actor, 'site.write');
    const scope = actor.scope;
    if (!scope) return;
    const changed = (key: 'customerId' | 'parentId' | 'contractId') => place[key] !== null && place[key] !== before?.[key];
    const sites = await this.sites.listAll();
    const mine = sitesInScope(scope, sites);
    if (changed('parentId') && !mine.has(place.parentId!)) await this.access.outside(actor, 'site.write', 'site', place.parentId!);
    const parent = sites.find((s) => s.id === place.parentId);
    if (changed('customerId') && !(parent && mine.has(parent.id) && parent.customerId === place.customerId)) {
      await this.access.requireCustomer(actor, 'site.write', place.customerId, 'customer', place.customerId!);
    }
    if (changed('contractId')) {
      const contract = await this.contracts.findById(place.contractId!);
      await this.access.requireCustomer(actor, 'estate.read', contract?.customerId ?? null, 'contract', place.contractId!);
    }
    const customerId = place.customerId ?? (before ? null : (parent?.customerId ?? null));
    if (customerId === null && place.parentId === null) return this.access.requireWholeEstate(actor, 'site.write');
    const after = [...sites.filter((s) => s.id !== place.id), { id: place.id, customerId, parentId: place.parentId }];
    if (!sitesInScope(scope, after).has(place.id)) await this.access.outside(actor, 'site.write', 'site', place.id);
  }

  /** A site names only a customer and a contract that exist, and a contract of that customer. */
  /** The customer and contract named exist, and the contract is the site's customer's (named now, inherited or kept). */
  private async requireReferences(input: Partial<SiteInput>, customerId: string | null): Promise<void> {
    if (input.customerId && !(await this.customers.findById(input.customerId))) throw new InputError('customerId', `customer ${input.customerId} does not exist`);
    if (!input.contractId) return;
    const contract = await this.contracts.findById(input.contractId);
    if (!contract) throw new InputError('contractId', `contract ${input.contractId} does not exist`);
    if (customerId && contract.customerId !== customerId) throw new InputError('contractId', `contract ${contract.id} belongs to another customer`);
  }

  private async requireParent(parentId: string): Promise<Site> {
    const parent = await this.sites.findById(parentId);
    if (!parent) throw new InputError('parentId', `site ${parentId} does not exist`);
    return parent;
  }

  private async refuseCycle(id: string, parentId: string): Promise<void> {
    let cursor: Site | null = await this.requireParent(parentId);
    while (cursor) {
      if (cursor.id === id) throw new InputError('parentId', 'a site cannot sit under itself');
      cursor = cursor.parentId ? await this.sites.findById(cursor.parentId) : null;
    }
  }
}

export function stripUndefined<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function checkWorkingHours(hours: string | undefined): void {
  if (hours === undefined) return;
  const [from, to] = hours.split('-');
  if (!WORKING_HOURS_PATTERN.test(hours) || from >= to) throw new InputError('workingHours', 'must be HH:MM-HH:MM with the start before the end');
}

function checkSiteClass(siteClass: string | undefined): void {
  if (siteClass !== undefined && !(SITE_CLASSES as readonly string[]).includes(siteClass)) throw new InputError('siteClass', `must be one of ${SITE_CLASSES.join(', ')}`);
}
