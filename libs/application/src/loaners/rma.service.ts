import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DEFAULT_TIME_ZONE, formatLocalTime, neutraliseCell, nextRmaState, turnaroundDays, type Actor, type Page, type PageRequest, type Rma, type RmaStep } from '@vigil/domain';
import { requireDevice } from '../assets/device-access';
import { AuditService } from '../audit/audit.service';
import { ConflictError, InputError, NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import { ClockPort, CsvWriter, DeviceRepository, FaultRepository, RmaRepository, SiteRepository, TransactionRunner, type RmaFilter } from '../ports';
import { WarrantyService } from './warranty.service';

export interface RmaInput {
  deviceId?: string | null;
  partSerial?: string | null;
  faultId?: string | null;
  vendor: string;
  model?: string | null;
  serial?: string | null;
  /** Left out: the device's warranty on the day it is sent. */
  underWarranty?: boolean;
  notes?: string | null;
}

export type RmaView = Rma & { turnaroundDays: number };

/** Returns to the vendor (RMA, 返修): sent → received → repaired or replaced → returned, each step timed; a replacement's serial becomes the device's. */
@Injectable()
export class RmaService {
  constructor(
    private readonly rmas: RmaRepository,
    private readonly devices: DeviceRepository,
    private readonly faults: FaultRepository,
    private readonly sites: SiteRepository,
    private readonly warranty: WarrantyService,
    private readonly csv: CsvWriter,
    private readonly access: AccessPolicy,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
  ) {}

  async list(actor: Actor, filter: Omit<RmaFilter, 'siteIds'>, page: PageRequest): Promise<Page<RmaView>> {
    const siteIds = await this.access.siteFilter(actor, 'rma.read');
    const found = await this.rmas.list({ ...filter, siteIds }, page);
    return { ...found, items: found.items.map((r) => this.view(r)) };
  }

  async get(actor: Actor, id: string): Promise<RmaView> {
    return this.view(await this.require(actor, 'rma.read', id));
  }

  async create(actor: Actor, input: RmaInput): Promise<RmaView> {
    await this.access.require(actor, 'rma.write');
    if (!input.deviceId === !input.partSerial) throw new InputError('deviceId', 'give a deviceId or a partSerial (one of them)');
    const device = input.deviceId ? await requireDevice(this.access, this.devices, actor, 'rma.write', input.deviceId) : null;
    const fault = input.faultId ? await this.faults.findById(input.faultId) : null;
    if (input.faultId && !fault) throw new InputError('faultId', 'is no fault of this device’s site');
    if (fault && device && fault.siteId !== device.siteId) throw new InputError('faultId', 'is no fault of this device’s site');
    const siteId = device?.siteId ?? fault?.siteId ?? null;
    if (!device && siteId) await this.access.requireSite(actor, 'rma.write', siteId, 'fault', fault!.id);
    // a part sent alone with no fault belongs to no site: only a user of the whole estate may track it
    if (!siteId) await this.access.requireWholeEstate(actor, 'rma.write');
    const site = siteId ? await this.sites.findById(siteId) : null;
    const now = this.clock.now();
    const underWarranty = input.underWarranty ?? (device ? (await this.warranty.of(device, now)).inWarranty : false);
    const rma: Rma = {
      id: randomUUID(),
      deviceId: device?.id ?? null,
      partSerial: input.partSerial ?? null,
      siteId,
      customerId: site?.customerId ?? null,
      faultId: fault?.id ?? null,
      vendor: input.vendor,
      model: input.model ?? device?.model ?? null,
      serial: input.serial ?? device?.serial ?? input.partSerial ?? null,
      underWarranty,
      state: 'sent',
      sentAt: now,
      receivedAt: null,
      resolvedAt: null,
      returnedAt: null,
      replacementSerial: null,
      notes: input.notes ?? null,
      createdBy: actor.username,
      updatedAt: now,
    };
    await this.tx.run(async () => {
      await this.rmas.save(rma);
      await this.audit.record(actor, 'create', 'rma', rma.id, null, rma);
    });
    return this.view(rma);
  }

  /** One step of the flow; `replace` needs the replacement's serial, which the device then carries (audited). */
  async step(actor: Actor, id: string, step: RmaStep, input: { replacementSerial?: string | null; notes?: string | null }): Promise<RmaView> {
    await this.require(actor, 'rma.write', id);
    if (step === 'replace' && !input.replacementSerial?.trim()) throw new InputError('replacementSerial', 'is required to replace');
    return this.tx.run(async () => {
      const before = await this.rmas.findById(id);
      if (!before) throw new NotFoundError('rma', id);
      const state = nextRmaState(before.state, step);
      if (!state) throw new ConflictError(`RMA ${id} is ${before.state}; it cannot ${step}`);
      const now = this.clock.now();
      const after: Rma = {
        ...before,
        state,
        updatedAt: now,
        ...(step === 'receive' ? { receivedAt: now } : {}),
        ...(step === 'repair' || step === 'replace' ? { resolvedAt: now } : {}),
        ...(step === 'return' ? { returnedAt: now } : {}),
        ...(step === 'replace' ? { replacementSerial: input.replacementSerial!.trim() } : {}),
        ...(input.notes ? { notes: input.notes } : {}),
      };
      await this.rmas.save(after);
      await this.audit.record(actor, 'update', 'rma', id, before, after);
      if (step === 'replace' && before.deviceId) await this.reSerial(actor, before.deviceId, after.replacementSerial!, now);
      return this.view(after);
    });
  }

  async exportCsv(actor: Actor, filter: Omit<RmaFilter, 'siteIds'>): Promise<string> {
    const { items } = await this.list(actor, filter, {});
    const zones = new Map((await this.sites.listAll()).map((s) => [s.id, s.timeZone]));
    const at = (d: Date | null, siteId: string | null) => formatLocalTime(d, (siteId && zones.get(siteId)) || DEFAULT_TIME_ZONE, 'offset');
    const rows: (string | number)[][] = [
      [
        'id',
        '设备 device',
        '备件序列号 part serial',
        '故障 fault',
        '厂商 vendor',
        '型号 model',
        '序列号 serial',
        '保修内 under warranty',
        '状态 state',
        '寄出 sent',
        '厂商收到 received',
        '修复/更换 resolved',
        '返回 returned',
        '新序列号 replacement serial',
        '周期(天) turnaround days',
      ],
      ...items.map((r) => [
        r.id,
        r.deviceId ?? '',
        neutraliseCell(r.partSerial),
        r.faultId ?? '',
        neutraliseCell(r.vendor),
        neutraliseCell(r.model),
        neutraliseCell(r.serial),
        r.underWarranty ? '是 yes' : '否 no',
        r.state,
        at(r.sentAt, r.siteId),
        at(r.receivedAt, r.siteId),
        at(r.resolvedAt, r.siteId),
        at(r.returnedAt, r.siteId),
        neutraliseCell(r.replacementSerial),
        r.turnaroundDays,
      ]),
    ];
    return '\uFEFF' + this.csv.write(rows, 'crlf');
  }

  private async reSerial(actor: Actor, deviceId: string, serial: string, now: Date): Promise<void> {
    const device = await this.devices.findById(deviceId);
    if (!device) return;
    const after = { ...device, serial, updatedAt: now };
    await this.devices.update(after);
    await this.audit.record(actor, 'update', 'device', deviceId, device, after);
  }

  private view(r: Rma): RmaView {
    return { ...r, turnaroundDays: turnaroundDays(r, this.clock.now()) };
  }

  private async require(actor: Actor, permission: 'rma.read' | 'rma.write', id: string): Promise<Rma> {
    await this.access.require(actor, permission);
    const rma = await this.rmas.findById(id);
    if (!rma) throw new NotFoundError('rma', id);
    if (rma.siteId) await this.access.requireSite(actor, permission, rma.siteId, 'rma', id);
    else if (actor.scope) await this.access.outside(actor, permission, 'rma', id);
    return rma;
  }
}
