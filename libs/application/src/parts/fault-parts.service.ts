import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  fitsDevice,
  partWarrantyUntil,
  refuseFaultPartAction,
  waitingForPartReason,
  type Actor,
  type Fault,
  type FaultPart,
  type FaultPartAction,
  type PartModel,
} from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { ConflictError, InputError, NotFoundError } from '../errors';
import { PartsTermsService } from '../contracts/parts-terms.service';
import { FaultService } from '../faults/fault.service';
import { AccessPolicy } from '../identity/access-policy';
import { ClockPort, DeviceRepository, FaultPartRepository, StockRepository, TransactionRunner, UserRepository } from '../ports';
import { StockLedger } from './stock-ledger';
import { StockService } from './stock.service';

export type FaultPartView = FaultPart & { partModel: Pick<PartModel, 'id' | 'sku' | 'name'> | null; storeName: string | null };

/**
 * Parts on a fault: reserved from a store for the faulty device (only a part that fits its model), issued to the engineer,
 * fitted with the serials of the new and the removed part, or returned / cancelled back to stock. Stock goes down when the
 * part is fitted. A fault may wait for a part with its SLA paused only where its contract's parts terms allow; issuing or
 * fitting that part resumes it. Who may: `fault.parts` on a fault the actor may see.
 */
@Injectable()
export class FaultPartService {
  constructor(
    private readonly parts: FaultPartRepository,
    private readonly stockRepo: StockRepository,
    private readonly stock: StockService,
    private readonly ledger: StockLedger,
    private readonly faults: FaultService,
    private readonly devices: DeviceRepository,
    private readonly users: UserRepository,
    private readonly terms: PartsTermsService,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
    private readonly access: AccessPolicy,
  ) {}

  async list(actor: Actor, faultId: string): Promise<FaultPartView[]> {
    await this.faults.visible(actor, 'fault.read', faultId);
    return this.views(await this.parts.list({ faultId }));
  }

  /** The parts of faults the caller has already read (a service record's fault): no access check of its own. */
  async listOf(faultId: string): Promise<FaultPartView[]> {
    return this.views(await this.parts.list({ faultId }));
  }

  async reserve(actor: Actor, faultId: string, input: { partModelId: string; storeId: string }): Promise<FaultPartView> {
    const fault = await this.workable(actor, faultId);
    const model = await this.stock.requirePartModel(input.partModelId, 'partModelId');
    const store = await this.stock.requireStore(input.storeId, 'storeId');
    if (!store.active) throw new InputError('storeId', `store ${store.name} is closed`);
    const device = fault.deviceId ? await this.devices.findById(fault.deviceId) : null;
    if (!device) throw new InputError('partModelId', 'the fault names no device, so no part can be matched to it');
    if (!fitsDevice(model, device.model)) {
      throw new InputError(
        'partModelId',
        `part ${model.sku} (${model.name}) does not fit device model ${device.model ?? 'unknown'}; it fits ${model.compatibleModels.join(', ') || 'no model'}`,
      );
    }
    const now = this.clock.now();
    const part: FaultPart = {
      id: randomUUID(),
      faultId,
      partModelId: model.id,
      storeId: store.id,
      state: 'reserved',
      issuedTo: null,
      issuedAt: null,
      serialIn: null,
      serialOut: null,
      fittedAt: null,
      warrantyUntil: null,
      waiting: false,
      reservedBy: actor.username,
      reservedAt: now,
      closedAt: null,
      updatedAt: now,
    };
    return this.tx.run(async () => {
      await this.ledger.move(actor, { kind: 'reserve', storeId: store.id, partModelId: model.id, onHandDelta: 0, reservedDelta: 1, faultId, faultPartId: part.id });
      await this.parts.insert(part);
      await this.audit.record(actor, 'create', 'fault-part', part.id, null, part);
      return (await this.views([part]))[0];
    });
  }

  /** Handed to the engineer who fits it (the caller when nobody is named). */
  async issue(actor: Actor, faultId: string, partId: string, input: { issuedTo?: string | null }): Promise<FaultPartView> {
    const issuedTo = input.issuedTo ?? actor.userId;
    if (input.issuedTo) {
      const user = await this.users.findById(input.issuedTo);
      if (!user || !user.active || (user.role !== 'engineer' && user.role !== 'supervisor'))
        throw new InputError('issuedTo', `user ${input.issuedTo} is no active engineer or supervisor`);
    }
    return this.step(
      actor,
      faultId,
      partId,
      'issue',
      (p, now) => ({ ...p, state: 'issued', issuedTo, issuedAt: now }),
      () => ({ kind: 'issue', onHandDelta: 0, reservedDelta: 0 }),
    );
  }

  /** Fitted in the device: the new part's serial and the removed one's; the store's count goes down. */
  async fit(actor: Actor, faultId: string, partId: string, input: { serialIn: string; serialOut?: string | null }): Promise<FaultPartView> {
    return this.step(
      actor,
      faultId,
      partId,
      'fit',
      (p, now, model) => ({
        ...p,
        state: 'fitted',
        serialIn: input.serialIn,
        serialOut: input.serialOut ?? null,
        fittedAt: now,
        warrantyUntil: partWarrantyUntil(now, model.warrantyMonths),
        closedAt: now,
      }),
      () => ({ kind: 'fit', onHandDelta: -1, reservedDelta: -1, serialIn: input.serialIn, serialOut: input.serialOut ?? null }),
    );
  }

  /** An issued part brought back unused: available again in its store. */
  async giveBack(actor: Actor, faultId: string, partId: string, reason: string | null): Promise<FaultPartView> {
    return this.step(
      actor,
      faultId,
      partId,
      'return',
      (p, now) => ({ ...p, state: 'returned', closedAt: now }),
      () => ({ kind: 'return', onHandDelta: 0, reservedDelta: -1, reason }),
    );
  }

  /** A reservation no longer needed. */
  async cancel(actor: Actor, faultId: string, partId: string, reason: string | null): Promise<FaultPartView> {
    return this.step(
      actor,
      faultId,
      partId,
      'cancel',
      (p, now) => ({ ...p, state: 'cancelled', closedAt: now }),
      () => ({ kind: 'cancel', onHandDelta: 0, reservedDelta: -1, reason }),
    );
  }

  /** The fault waits for this reserved part: its SLA paused with the reason, where the contract's parts terms allow it (409 otherwise). */
  async wait(actor: Actor, faultId: string, partId: string): Promise<FaultPartView> {
    const fault = await this.workable(actor, faultId);
    const part = await this.requirePart(faultId, partId);
    const refusal = refuseFaultPartAction(part, 'wait');
    if (refusal) throw new ConflictError(refusal, 'part-state');
    if (!(await this.terms.forContract(fault.contractId)).pauseWhileWaitingForPart) {
      throw new ConflictError("the fault's contract does not pause the SLA while waiting for a part", 'contract-forbids-part-pause');
    }
    const model = await this.stock.requirePartModel(part.partModelId);
    return this.tx.run(async () => {
      await this.faults.apply(fault, { type: 'pause', reason: waitingForPartReason(model.name) }, actor);
      const after: FaultPart = { ...part, waiting: true, updatedAt: this.clock.now() };
      await this.parts.update(after);
      await this.audit.record(actor, 'update', 'fault-part', part.id, part, after);
      return (await this.views([after]))[0];
    });
  }

  private async step(
    actor: Actor,
    faultId: string,
    partId: string,
    action: Exclude<FaultPartAction, 'wait'>,
    change: (part: FaultPart, now: Date, model: PartModel) => FaultPart,
    movement: () => {
      kind: 'issue' | 'fit' | 'return' | 'cancel';
      onHandDelta: number;
      reservedDelta: number;
      reason?: string | null;
      serialIn?: string | null;
      serialOut?: string | null;
    },
  ): Promise<FaultPartView> {
    const fault = await this.workable(actor, faultId);
    const before = await this.requirePart(faultId, partId);
    const refusal = refuseFaultPartAction(before, action);
    if (refusal) throw new ConflictError(refusal, 'part-state');
    const model = await this.stock.requirePartModel(before.partModelId);
    return this.tx.run(async () => {
      const now = this.clock.now();
      const after: FaultPart = { ...change(before, now, model), waiting: false, updatedAt: now };
      await this.ledger.move(actor, { ...movement(), storeId: before.storeId, partModelId: before.partModelId, faultId, faultPartId: before.id });
      await this.parts.update(after);
      await this.audit.record(actor, 'update', 'fault-part', before.id, before, after);
      if (before.waiting) await this.resume(actor, fault, model);
      return (await this.views([after]))[0];
    });
  }

  /** The wait is over: the fault's pause for this part ends (if it is still the open one). */
  private async resume(actor: Actor, fault: Fault, model: PartModel): Promise<void> {
    const current = await this.faults.require(fault.id);
    const open = current.pauses.find((p) => p.to === null);
    if (open && open.reason === waitingForPartReason(model.name)) await this.faults.apply(current, { type: 'resume' }, actor);
  }

  /** A fault the actor may see and work parts on, not closed. */
  private async workable(actor: Actor, faultId: string): Promise<Fault> {
    await this.access.require(actor, 'fault.parts');
    const fault = await this.faults.visible(actor, 'fault.parts', faultId);
    if (fault.state === 'closed') throw new ConflictError('the fault is closed', 'fault-closed');
    return fault;
  }

  private async requirePart(faultId: string, partId: string): Promise<FaultPart> {
    const part = await this.parts.findById(partId);
    if (!part || part.faultId !== faultId) throw new NotFoundError('fault-part', partId);
    return part;
  }

  private async views(parts: FaultPart[]): Promise<FaultPartView[]> {
    const models = new Map((await this.stockRepo.listPartModels()).map((m) => [m.id, m]));
    const stores = new Map((await this.stockRepo.listStores()).map((s) => [s.id, s]));
    return parts.map((p) => {
      const m = models.get(p.partModelId);
      return { ...p, partModel: m ? { id: m.id, sku: m.sku, name: m.name } : null, storeName: stores.get(p.storeId)?.name ?? null };
    });
  }
}
