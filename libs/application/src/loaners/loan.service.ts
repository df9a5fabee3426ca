import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  DEFAULT_TIME_ZONE,
  defaultDueBackOn,
  dueBackAt,
  isLocalDay,
  loanView,
  standInName,
  type Actor,
  type Device,
  type Loan,
  type LoanerUnit,
  type LoanView,
  type Page,
  type PageRequest,
} from '@vigil/domain';
import { AssetChanges } from '../assets/asset-changes';
import { requireDevice } from '../assets/device-access';
import { AuditService } from '../audit/audit.service';
import { PartsTermsService } from '../contracts/parts-terms.service';
import { FaultService } from '../faults/fault.service';
import { ConflictError, InputError, NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import { ClockPort, DeviceRepository, FaultRepository, LoanerRepository, LoanRepository, ScheduledActions, SiteRepository, TransactionRunner, type LoanFilter } from '../ports';

/** The durable timer that pages about a loan still out at the end of its due day. */
export const LOAN_OVERDUE = 'loan-overdue';

export interface LendInput {
  loanerId: string;
  /** The device going away, whose place the loaner takes. */
  standsInFor: string;
  faultId?: string | null;
  /** The local day it is due back by; the contract's loanerDueDays after today when left out. */
  dueBackOn?: string | null;
}

/**
 * Lending a loaner to a site while its own device is away, and swapping back. A lent loaner is a device of the
 * register at the borrowing site (hanging where the away one did), so ingest watches its heartbeats and its
 * silence opens faults naming it; the away device is marked so, and its silence opens none.
 */
@Injectable()
export class LoanService {
  constructor(
    private readonly loans: LoanRepository,
    private readonly loaners: LoanerRepository,
    private readonly devices: DeviceRepository,
    private readonly sites: SiteRepository,
    private readonly faults: FaultRepository,
    private readonly faultService: FaultService,
    private readonly terms: PartsTermsService,
    private readonly actions: ScheduledActions,
    private readonly changes: AssetChanges,
    private readonly access: AccessPolicy,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
  ) {}

  async list(actor: Actor, filter: Omit<LoanFilter, 'siteIds'> & { overdue?: boolean }, page: PageRequest): Promise<Page<LoanView>> {
    const siteIds = await this.access.siteFilter(actor, 'loaner.read');
    const { overdue, ...rest } = filter;
    if (overdue) {
      // overdue depends on each site's zone: read the loans out and judge them here (a pool is tens of units)
      const out = await this.loans.list({ ...rest, state: 'out', siteIds }, {});
      const items = (await this.views(out.items)).filter((l) => l.overdue);
      const offset = page.offset ?? 0;
      return { items: items.slice(offset, offset + (page.limit ?? items.length)), total: items.length };
    }
    const found = await this.loans.list({ ...rest, siteIds }, page);
    return { ...found, items: await this.views(found.items) };
  }

  async get(actor: Actor, id: string): Promise<LoanView> {
    return (await this.views([await this.require(actor, 'loaner.read', id)]))[0];
  }

  /** The loan a unit is out on, as the actor may see it (null when none, or outside the actor's scope). */
  async outOf(actor: Actor, loanerId: string): Promise<LoanView | null> {
    const siteIds = await this.access.siteFilter(actor, 'loaner.read');
    const loan = await this.loans.outFor(loanerId);
    if (!loan || (siteIds && !siteIds.includes(loan.siteId))) return null;
    return (await this.views([loan]))[0];
  }

  async lend(actor: Actor, input: LendInput): Promise<LoanView> {
    const away = await requireDevice(this.access, this.devices, actor, 'loaner.write', input.standsInFor);
    const site = await this.sites.findById(away.siteId);
    const zone = site?.timeZone ?? DEFAULT_TIME_ZONE;
    const now = this.clock.now();
    const { loanerDueDays } = await this.terms.forContract(site?.contractId);
    const dueBackOn = input.dueBackOn ?? defaultDueBackOn(now, loanerDueDays, zone);
    if (!isLocalDay(dueBackOn)) throw new InputError('dueBackOn', 'must be a day YYYY-MM-DD');
    if (dueBackOn < defaultDueBackOn(now, 0, zone)) throw new InputError('dueBackOn', 'must not be before today');
    const loan = await this.tx.run(async () => {
      const unit = await this.loaners.findById(input.loanerId);
      if (!unit) throw new InputError('loanerId', `loaner ${input.loanerId} does not exist`);
      if (unit.state !== 'in-store') throw new ConflictError(`loaner ${unit.id} is ${unit.state}, not in store`);
      if (await this.loaners.findById(away.id)) throw new InputError('standsInFor', 'a loaner cannot stand in for another loaner');
      if (await this.loans.outFor(away.id)) throw new ConflictError(`device ${away.id} is away already; swap its loaner back first`);
      if (await this.devices.findById(unit.id)) throw new ConflictError(`a device of the register is called ${unit.id}`);
      if (input.faultId) await this.checkFault(input.faultId, away);
      const created: Loan = {
        id: randomUUID(),
        loanerId: unit.id,
        siteId: away.siteId,
        customerId: site?.customerId ?? null,
        faultId: input.faultId ?? null,
        standsInFor: away.id,
        lentAt: now,
        dueBackOn,
        returnedAt: null,
        state: 'out',
        overdueAlertedAt: null,
        lentBy: actor.username,
        returnedBy: null,
      };
      await this.devices.insert(standInDevice(unit, away, now));
      await this.loans.save(created);
      await this.loans.markAway(away.id, created.id);
      await this.loaners.save({ ...unit, state: 'lent', updatedAt: now });
      await this.actions.schedule(`${LOAN_OVERDUE}:${created.id}`, LOAN_OVERDUE, dueBackAt(dueBackOn, zone), { loanId: created.id });
      await this.audit.record(actor, 'create', 'loan', created.id, null, created);
      return created;
    });
    this.changes.devicesChanged([loan.loanerId, loan.standsInFor]);
    return loanView(loan, now, zone);
  }

  /** Moves a loan's due day (the vendor is late): its overdue timer moves with it, and a loan overdue again is paged again. */
  async extend(actor: Actor, id: string, dueBackOn: string): Promise<LoanView> {
    const current = await this.require(actor, 'loaner.write', id);
    if (!isLocalDay(dueBackOn)) throw new InputError('dueBackOn', 'must be a day YYYY-MM-DD');
    const zone = (await this.sites.findById(current.siteId))?.timeZone ?? DEFAULT_TIME_ZONE;
    const now = this.clock.now();
    if (dueBackOn < defaultDueBackOn(now, 0, zone)) throw new InputError('dueBackOn', 'must not be before today');
    const loan = await this.tx.run(async () => {
      const before = await this.loans.findById(id);
      if (!before) throw new NotFoundError('loan', id);
      if (before.state !== 'out') throw new ConflictError(`loan ${id} was swapped back already`);
      const after: Loan = { ...before, dueBackOn, overdueAlertedAt: null };
      await this.loans.save(after);
      await this.actions.schedule(`${LOAN_OVERDUE}:${id}`, LOAN_OVERDUE, dueBackAt(dueBackOn, zone), { loanId: id });
      await this.audit.record(actor, 'update', 'loan', id, before, after);
      return after;
    });
    return loanView(loan, now, zone);
  }

  /** The away device is back: it is watched again, the loaner leaves the site (its login kept, its open faults cleared) and returns to its store. */
  async swapBack(actor: Actor, id: string): Promise<LoanView> {
    await this.require(actor, 'loaner.write', id);
    const now = this.clock.now();
    const loan = await this.tx.run(async () => {
      const before = await this.loans.findById(id);
      if (!before) throw new NotFoundError('loan', id);
      if (before.state !== 'out') throw new ConflictError(`loan ${id} was swapped back already`);
      if ((await this.devices.countChildren(before.loanerId)) > 0) throw new ConflictError(`devices hang off loaner ${before.loanerId}; move them back first`);
      const after: Loan = { ...before, state: 'returned', returnedAt: now, returnedBy: actor.username };
      await this.devices.delete(before.loanerId);
      // the loaner's own faults go with it: nothing at the site can be heard again under its id
      for (const fault of (await this.faults.list({ deviceId: before.loanerId, state: 'open' }, {})).items) await this.faultService.apply(fault, { type: 'clear' }, null, now);
      await this.loans.markAway(before.standsInFor, null);
      await this.loans.save(after);
      const unit = await this.loaners.findById(before.loanerId);
      if (unit) await this.loaners.save({ ...unit, state: 'in-store', updatedAt: now });
      await this.actions.cancel(`${LOAN_OVERDUE}:${id}`);
      await this.audit.record(actor, 'update', 'loan', id, before, after);
      return after;
    });
    this.changes.devicesChanged([loan.loanerId, loan.standsInFor]);
    return (await this.views([loan]))[0];
  }

  private async checkFault(faultId: string, away: Device): Promise<void> {
    const fault = await this.faults.findById(faultId);
    if (!fault) throw new InputError('faultId', 'is no fault of this device’s site');
    if (fault.siteId !== away.siteId) throw new InputError('faultId', 'is no fault of this device’s site');
  }

  private async require(actor: Actor, permission: 'loaner.read' | 'loaner.write', id: string): Promise<Loan> {
    await this.access.require(actor, permission);
    const loan = await this.loans.findById(id);
    if (!loan) throw new NotFoundError('loan', id);
    await this.access.requireSite(actor, permission, loan.siteId, 'loan', id);
    return loan;
  }

  private async views(loans: Loan[]): Promise<LoanView[]> {
    const zones = new Map<string, string>();
    for (const siteId of new Set(loans.map((l) => l.siteId))) zones.set(siteId, (await this.sites.findById(siteId))?.timeZone ?? DEFAULT_TIME_ZONE);
    const now = this.clock.now();
    return loans.map((l) => loanView(l, now, zones.get(l.siteId) ?? DEFAULT_TIME_ZONE));
  }
}

/** The loaner as a device of the register at the borrowing site, where the away device hung, watched as it was. */
function standInDevice(unit: LoanerUnit, away: Device, now: Date): Device {
  return {
    id: unit.id,
    type: unit.type,
    siteId: away.siteId,
    name: standInName(unit.id, away.id, away.name),
    model: unit.model,
    serial: unit.serial,
    firmware: null,
    parentId: away.parentId,
    heartbeatIntervalSec: away.heartbeatIntervalSec,
    criticality: away.criticality,
    installedAt: null,
    warrantyUntil: null,
    status: 'unknown',
    lastSeenAt: null,
    conditions: [],
    createdAt: now,
    updatedAt: now,
  };
}
