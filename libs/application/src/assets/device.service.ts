import { Injectable, Logger } from '@nestjs/common';
import { DEFAULT_HEARTBEAT_INTERVAL_SEC, withMonitoring, type Actor, type Criticality, type Device, type DeviceType, type Page, type PageRequest } from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { ConflictError, InputError, NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import { BrokerCredentials, ClockPort, DeviceRepository, DeviceSecretRepository, SiteRepository, TransactionRunner, type DeviceFilter } from '../ports';
import { AssetChanges } from './asset-changes';
import { requireDevice } from './device-access';
import { stripUndefined } from './site.service';

export interface DeviceInput {
  id: string;
  type: DeviceType;
  siteId: string;
  name?: string | null;
  model?: string | null;
  serial?: string | null;
  firmware?: string | null;
  parentId?: string | null;
  heartbeatIntervalSec?: number;
  criticality?: Criticality;
  installedAt?: string | null;
  warrantyUntil?: string | null;
}

export type DevicePatch = Partial<Omit<DeviceInput, 'id'>>;

/** A device as the API answers it: `monitored` false for types that send no heartbeats (their status stays `unknown`). */
export type DeviceView = Device & { monitored: boolean };

@Injectable()
export class DeviceService {
  private readonly logger = new Logger(DeviceService.name);

  constructor(
    private readonly devices: DeviceRepository,
    private readonly sites: SiteRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
    private readonly changes: AssetChanges,
    private readonly access: AccessPolicy,
    private readonly secrets: DeviceSecretRepository,
    private readonly broker: BrokerCredentials,
  ) {}

  async list(actor: Actor, filter: Omit<DeviceFilter, 'siteIds'>, page: PageRequest): Promise<Page<DeviceView>> {
    const siteIds = await this.access.siteFilter(actor, 'estate.read');
    const found = await this.devices.list({ ...filter, siteIds }, page);
    return { ...found, items: found.items.map(withMonitoring) };
  }

  async get(actor: Actor, id: string): Promise<DeviceView> {
    return withMonitoring(await requireDevice(this.access, this.devices, actor, 'estate.read', id));
  }

  async create(actor: Actor, input: DeviceInput): Promise<DeviceView> {
    await this.requirePlace(actor, input.siteId, input.parentId ?? null);
    const device = await this.tx.run(async () => {
      if (await this.devices.findById(input.id)) throw new ConflictError(`device ${input.id} exists`);
      await this.checkReferences(input.id, input.siteId, input.parentId ?? null);
      checkDates(input.installedAt ?? null, input.warrantyUntil ?? null);
      const now = this.clock.now();
      const created: Device = {
        id: input.id,
        type: input.type,
        siteId: input.siteId,
        name: input.name ?? null,
        model: input.model ?? null,
        serial: input.serial ?? null,
        firmware: input.firmware ?? null,
        parentId: input.parentId ?? null,
        heartbeatIntervalSec: input.heartbeatIntervalSec ?? DEFAULT_HEARTBEAT_INTERVAL_SEC,
        criticality: input.criticality ?? 'normal',
        installedAt: input.installedAt ?? null,
        warrantyUntil: input.warrantyUntil ?? null,
        status: 'unknown',
        lastSeenAt: null,
        conditions: [],
        createdAt: now,
        updatedAt: now,
      };
      await this.devices.insert(created);
      await this.audit.record(actor, 'create', 'device', created.id, null, created);
      return created;
    });
    this.changes.devicesChanged([device.id]);
    return withMonitoring(device);
  }

  async update(actor: Actor, id: string, patch: DevicePatch): Promise<DeviceView> {
    const current = await requireDevice(this.access, this.devices, actor, 'device.write', id);
    await this.requirePlace(actor, patch.siteId ?? null, patch.parentId && patch.parentId !== current.parentId ? patch.parentId : null);
    const device = await this.tx.run(async () => {
      const before = await this.find(id);
      const after: Device = { ...before, ...stripUndefined(patch), updatedAt: this.clock.now() };
      await this.checkReferences(id, after.siteId, after.parentId);
      checkDates(after.installedAt, after.warrantyUntil);
      await this.devices.update(after);
      await this.audit.record(actor, 'update', 'device', id, before, after);
      return after;
    });
    this.changes.devicesChanged([id]);
    return withMonitoring(device);
  }

  async delete(actor: Actor, id: string): Promise<void> {
    await requireDevice(this.access, this.devices, actor, 'device.write', id);
    await this.tx.run(async () => {
      const before = await this.find(id);
      if ((await this.devices.countChildren(id)) > 0) throw new ConflictError('other devices hang off this one; move or delete them first');
      await this.devices.delete(id);
      await this.secrets.remove(id);
      await this.audit.record(actor, 'delete', 'device', id, before, null);
    });
    this.changes.devicesChanged([id]);
    // the device is gone either way; a broker that missed it keeps a login nobody can use for anything
    await this.broker.removeDevice(id).catch((err: Error) => this.logger.warn(`broker kept the login of deleted device ${id}: ${err.message}`));
  }

  private async find(id: string): Promise<Device> {
    const device = await this.devices.findById(id);
    if (!device) throw new NotFoundError('device', id);
    return device;
  }

  /** A device goes only to a site in the actor's scope and hangs only off a device there (404 otherwise). */
  private async requirePlace(actor: Actor, siteId: string | null, parentId: string | null): Promise<void> {
    await this.access.require(actor, 'device.write');
    if (siteId !== null) await this.access.requireSite(actor, 'device.write', siteId, 'site', siteId);
    if (parentId !== null && actor.scope) await requireDevice(this.access, this.devices, actor, 'device.write', parentId);
  }

  private async checkReferences(id: string, siteId: string, parentId: string | null): Promise<void> {
    if (!(await this.sites.findById(siteId))) throw new InputError('siteId', `site ${siteId} does not exist`);
    if (parentId === null) return;
    if (parentId === id) throw new InputError('parentId', 'a device cannot hang off itself');
    let cursor = await this.devices.findById(parentId);
    if (!cursor) throw new InputError('parentId', `device ${parentId} does not exist`);
    while (cursor?.parentId) {
      if (cursor.parentId === id) throw new InputError('parentId', 'this would make a loop in the topology');
      cursor = await this.devices.findById(cursor.parentId);
    }
  }
}

function checkDates(installedAt: string | null, warrantyUntil: string | null): void {
  if (installedAt && warrantyUntil && warrantyUntil < installedAt) {
    throw new InputError('warrantyUntil', 'must not be before installedAt');
  }
}
