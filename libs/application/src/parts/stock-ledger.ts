import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { refuseStockChange, reorderStep, type Actor, type MovementKind, type StockLevel, type StockMovement } from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { ConflictError } from '../errors';
import { ClockPort, StockRepository } from '../ports';
import { ReorderAlerts } from './reorder-alerts';

export interface StockChange {
  kind: MovementKind;
  storeId: string;
  partModelId: string;
  onHandDelta: number;
  reservedDelta: number;
  reason?: string | null;
  faultId?: string | null;
  faultPartId?: string | null;
  otherStoreId?: string | null;
  serialIn?: string | null;
  serialOut?: string | null;
}

/**
 * The one way stock changes: the level's row locked, the change checked (never fewer on hand than reserved), a ledger line
 * written, the level audited, and the reorder alert offered on a crossing of the minimum. Callers run it in their transaction.
 */
@Injectable()
export class StockLedger {
  constructor(
    private readonly stock: StockRepository,
    private readonly audit: AuditService,
    private readonly reorder: ReorderAlerts,
    private readonly clock: ClockPort,
  ) {}

  async move(actor: Actor, change: StockChange): Promise<StockLevel> {
    const now = this.clock.now();
    const before = await this.level(change.storeId, change.partModelId, now);
    const refusal = refuseStockChange(before, change.onHandDelta, change.reservedDelta);
    if (refusal) throw new ConflictError(`not enough stock in the store: ${refusal}`, 'not-enough-stock');
    const after: StockLevel = { ...before, onHand: before.onHand + change.onHandDelta, reserved: before.reserved + change.reservedDelta, updatedAt: now };
    return this.save(actor, before, after, change, now);
  }

  /** Sets the minimum of a level (made when the store never held the part). */
  async setMinimum(actor: Actor, storeId: string, partModelId: string, minimum: number): Promise<StockLevel> {
    const now = this.clock.now();
    const before = await this.level(storeId, partModelId, now);
    return this.save(actor, before, { ...before, minimum, updatedAt: now }, null, now);
  }

  private async save(actor: Actor, before: StockLevel, next: StockLevel, change: StockChange | null, now: Date): Promise<StockLevel> {
    const step = reorderStep(next);
    const after = step ? { ...next, reorderAlerted: step === 'alert' } : next;
    await this.stock.updateLevel(after);
    if (change) {
      const movement: StockMovement = {
        id: randomUUID(),
        at: now,
        actor: actor.username,
        reason: null,
        faultId: null,
        faultPartId: null,
        otherStoreId: null,
        serialIn: null,
        serialOut: null,
        ...change,
      };
      await this.stock.addMovement(movement);
    }
    await this.audit.record(actor, change?.kind ?? 'update', 'stock-level', after.id, before, after);
    if (step === 'alert') await this.reorder.offer(after);
    return after;
  }

  private async level(storeId: string, partModelId: string, now: Date): Promise<StockLevel> {
    const found = await this.stock.findLevelForUpdate(storeId, partModelId);
    if (found) return found;
    const created: StockLevel = { id: randomUUID(), storeId, partModelId, onHand: 0, reserved: 0, minimum: 0, reorderAlerted: false, updatedAt: now };
    await this.stock.insertLevel(created);
    return created;
  }
}
