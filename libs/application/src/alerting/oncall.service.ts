import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { checkWindowTimes, onCallAt, type Actor, type MaintenanceWindow, type OnCallRota, type Permission } from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { InputError, NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import { usersVisibleTo } from '../identity/user-visibility';
import { ClockPort, ContractRepository, DeviceRepository, MaintenanceWindowRepository, OnCallRotaRepository, SiteRepository, TransactionRunner, UserRepository } from '../ports';

export type RotaInput = Omit<OnCallRota, 'id' | 'createdAt' | 'updatedAt'>;
export type WindowInput = Pick<MaintenanceWindow, 'name' | 'startsAt' | 'endsAt' | 'siteIds' | 'deviceIds' | 'reason'>;
type RotaWithNow = OnCallRota & { now: { primary: string | null; backup: string | null } };

/** Who is named where in a rota, by the field the request names them in. */
const ROTA_PEOPLE = [
  ['members', (r: RotaInput) => r.members],
  ['supervisorIds', (r: RotaInput) => r.supervisorIds],
  ['managerIds', (r: RotaInput) => r.managerIds],
  ['overrides', (r: RotaInput) => r.overrides.map((o) => o.userId)],
] as const;

/**
 * On-call rotas and maintenance windows, kept by supervisors. A scoped user sees those that reach into
 * their scope (with the sites and devices outside it left out) and changes only those lying wholly inside
 * it; one reaching every site (no sites and no contract, or no sites and no devices) is the whole estate's.
 */
@Injectable()
export class OnCallService {
  constructor(
    private readonly rotas: OnCallRotaRepository,
    private readonly windows: MaintenanceWindowRepository,
    private readonly users: UserRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
    private readonly access: AccessPolicy,
    private readonly contracts: ContractRepository,
    private readonly devices: DeviceRepository,
    private readonly sites: SiteRepository,
  ) {}

  async listRotas(actor: Actor): Promise<RotaWithNow[]> {
    const mine = await this.mySites(actor, 'oncall.read');
    const now = this.clock.now();
    const all = (await this.rotas.list()).map((r) => ({ ...r, now: onCallAt(r, now) }));
    if (mine === null) return all;
    const customers = new Set(await this.access.customerFilter(actor, 'oncall.read'));
    const customerOf = new Map((await this.contracts.list()).map((c) => [c.id, c.customerId]));
    return all
      .filter((r) => (r.siteIds === null || r.siteIds.some((s) => mine.has(s))) && (r.contractId === null || customers.has(customerOf.get(r.contractId) ?? '')))
      .map((r) => ({ ...r, siteIds: r.siteIds && r.siteIds.filter((s) => mine.has(s)) }));
  }

  async saveRota(actor: Actor, input: RotaInput, id?: string): Promise<OnCallRota> {
    await this.access.require(actor, 'oncall.write');
    if (id) await this.requireRotaInside(actor, await this.findRota(id), { entity: 'rota', id });
    await this.requireRotaInside(actor, input, null);
    await this.requireKnownPeople(actor, input);
    if (input.escalateAfterMinutes.some((m, i) => i > 0 && m <= input.escalateAfterMinutes[i - 1])) {
      throw new InputError('escalateAfterMinutes', 'must rise: backup, then supervisor, then manager');
    }
    return this.tx.run(async () => {
      const before = id ? await this.findRota(id) : null;
      const now = this.clock.now();
      const rota: OnCallRota = { ...input, id: id ?? randomUUID(), createdAt: before?.createdAt ?? now, updatedAt: now };
      await this.rotas.save(rota);
      await this.audit.record(actor, before ? 'update' : 'create', 'oncall-rota', rota.id, before, rota);
      return rota;
    });
  }

  /** A stored rota the actor may change, for acting on it (a test of its channels): 404 when missing or outside the scope. */
  async rotaToChange(actor: Actor, id: string): Promise<OnCallRota> {
    await this.access.require(actor, 'oncall.write');
    const rota = await this.findRota(id);
    await this.requireRotaInside(actor, rota, { entity: 'rota', id });
    return rota;
  }

  async deleteRota(actor: Actor, id: string): Promise<void> {
    await this.access.require(actor, 'oncall.write');
    await this.requireRotaInside(actor, await this.findRota(id), { entity: 'rota', id });
    await this.tx.run(async () => {
      const before = await this.findRota(id);
      await this.rotas.delete(id);
      await this.audit.record(actor, 'delete', 'oncall-rota', id, before, null);
    });
  }

  async listWindows(actor: Actor): Promise<MaintenanceWindow[]> {
    const mine = await this.mySites(actor, 'maintenance-window.read');
    const all = await this.windows.list();
    if (mine === null) return all;
    const siteOf = new Map((await this.devices.findByIds([...new Set(all.flatMap((w) => w.deviceIds ?? []))])).map((d) => [d.id, d.siteId]));
    const inside = (deviceId: string) => mine.has(siteOf.get(deviceId) ?? '');
    return all
      .map((w) => ({
        ...w,
        siteIds: w.siteIds && w.siteIds.filter((s) => mine.has(s)),
        deviceIds: w.deviceIds && w.deviceIds.filter(inside),
        whole: w.siteIds === null && w.deviceIds === null,
      }))
      .filter(({ whole, siteIds, deviceIds }) => whole || (siteIds?.length ?? 0) + (deviceIds?.length ?? 0) > 0)
      .map(({ whole: _whole, ...w }) => w);
  }

  /** A window lasts at most MAX_WINDOW_DAYS and covers only what its author's scope covers. */
  async createWindow(actor: Actor, input: WindowInput): Promise<MaintenanceWindow> {
    await this.access.require(actor, 'maintenance-window.create');
    const wrong = checkWindowTimes(input.startsAt, input.endsAt);
    if (wrong) throw new InputError(wrong.field, wrong.message);
    await this.requireWindowInside(actor, 'maintenance-window.create', input, null);
    return this.tx.run(async () => {
      const window: MaintenanceWindow = { ...input, id: randomUUID(), createdBy: actor.username, createdAt: this.clock.now() };
      await this.windows.insert(window);
      await this.audit.record(actor, 'create', 'maintenance-window', window.id, null, window);
      return window;
    });
  }

  async deleteWindow(actor: Actor, id: string): Promise<void> {
    await this.access.require(actor, 'maintenance-window.delete');
    await this.requireWindowInside(actor, 'maintenance-window.delete', await this.findWindow(id), { entity: 'maintenance window', id });
    await this.tx.run(async () => {
      const before = await this.findWindow(id);
      await this.windows.delete(id);
      await this.audit.record(actor, 'delete', 'maintenance-window', id, before, null);
    });
  }

  private async findRota(id: string): Promise<OnCallRota> {
    const rota = await this.rotas.findById(id);
    if (!rota) throw new NotFoundError('rota', id);
    return rota;
  }

  private async findWindow(id: string): Promise<MaintenanceWindow> {
    const window = (await this.windows.list()).find((w) => w.id === id);
    if (!window) throw new NotFoundError('maintenance window', id);
    return window;
  }

  private async mySites(actor: Actor, permission: Permission): Promise<Set<string> | null> {
    const ids = await this.access.siteFilter(actor, permission);
    return ids === null ? null : new Set(ids);
  }

  /**
   * A rota reaches its sites; without sites, every site of its contract (the contract's whole customer
   * must be in scope); without both, the whole estate (unscoped users only, 403). A site or contract outside
   * is 404, named by `existing` for a stored rota, else by the site or contract itself.
   */
  private async requireRotaInside(actor: Actor, rota: Pick<OnCallRota, 'siteIds' | 'contractId'>, existing: { entity: string; id: string } | null): Promise<void> {
    if (!actor.scope) return;
    if (rota.siteIds === null && rota.contractId === null) return this.access.requireWholeEstate(actor, 'oncall.write');
    const mine = await this.mySites(actor, 'oncall.write');
    const outside = rota.siteIds?.find((s) => !mine!.has(s));
    if (outside !== undefined) await this.access.outside(actor, 'oncall.write', existing?.entity ?? 'site', existing?.id ?? outside);
    if (rota.contractId === null) return;
    const contract = await this.contracts.findById(rota.contractId);
    await this.access.requireCustomer(
      actor,
      rota.siteIds === null ? 'oncall.write' : 'oncall.read',
      contract?.customerId ?? null,
      existing?.entity ?? 'contract',
      existing?.id ?? rota.contractId,
    );
  }

  /** Everyone a rota names must be a user the actor may see; others read as unknown (400 naming the field). */
  private async requireKnownPeople(actor: Actor, rota: RotaInput): Promise<void> {
    const named = [...new Set(ROTA_PEOPLE.flatMap(([, of]) => of(rota)))];
    const found = (await Promise.all(named.map((id) => this.users.findById(id)))).filter((u) => u !== null);
    const known = new Set((await usersVisibleTo(this.access, actor, found)).map((u) => u.id));
    for (const [field, of] of ROTA_PEOPLE) {
      const unknown = of(rota).find((id) => !known.has(id));
      if (unknown !== undefined) throw new InputError(field, `user ${unknown} does not exist`);
    }
  }

  /**
   * A window covers its sites and devices; without both, the whole estate (unscoped users only, 403).
   * Unknown sites and devices are 400 for unscoped users; for scoped ones they are 404 like those outside.
   */
  private async requireWindowInside(actor: Actor, permission: Permission, window: WindowInput, existing: { entity: string; id: string } | null): Promise<void> {
    if (window.siteIds === null && window.deviceIds === null) return this.access.requireWholeEstate(actor, permission);
    const mine = await this.mySites(actor, permission);
    const refuse = (entity: string, id: string) =>
      existing ? this.access.outside(actor, permission, existing.entity, existing.id) : this.access.outside(actor, permission, entity, id);
    const siteIds = window.siteIds ?? [];
    const devices = new Map((await this.devices.findByIds(window.deviceIds ?? [])).map((d) => [d.id, d]));
    if (mine !== null) {
      const site = siteIds.find((s) => !mine.has(s));
      if (site !== undefined) await refuse('site', site);
      const device = window.deviceIds?.find((d) => !mine.has(devices.get(d)?.siteId ?? ''));
      if (device !== undefined) await refuse('device', device);
    } else if (!existing) {
      const unknownDevice = window.deviceIds?.find((d) => !devices.has(d));
      if (unknownDevice !== undefined) throw new InputError('deviceIds', `device ${unknownDevice} does not exist`);
      await this.requireKnownSites(siteIds);
    }
  }

  private async requireKnownSites(siteIds: string[]): Promise<void> {
    if (siteIds.length === 0) return;
    const known = new Set((await this.sites.listAll()).map((s) => s.id));
    const unknown = siteIds.find((s) => !known.has(s));
    if (unknown !== undefined) throw new InputError('siteIds', `site ${unknown} does not exist`);
  }
}
