import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { available, type Actor, type Page, type PageRequest, type PartModel, type StockLevel, type StockMovement, type Store, type StoreKind } from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { ConflictError, InputError, NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import { ClockPort, StockRepository, TransactionRunner, UserRepository, type MovementFilter, type StockFilter } from '../ports';
import { StockLedger } from './stock-ledger';

export interface StoreInput {
  name: string;
  kind: StoreKind;
  region?: string | null;
  ownerId?: string | null;
  active?: boolean;
}

export interface PartModelInput {
  sku: string;
  name: string;
  vendor?: string | null;
  compatibleModels: string[];
  unitCostCents: number;
  warrantyMonths: number;
}

export type StockLevelView = StockLevel & { available: number; belowMinimum: boolean };

const viewOf = (l: StockLevel): StockLevelView => ({ ...l, available: available(l), belowMinimum: l.minimum > 0 && available(l) <= l.minimum });

/**
 * The contractor's stores and part models, and their stock: received, adjusted (with a reason), moved between stores, and
 * the minimum that calls for a reorder. Stores are of no customer but of the whole
 * estate: reading needs `stock.read`, changing `stock.write` and no scope (a scoped user gets 403).
 */
@Injectable()
export class StockService {
  constructor(
    private readonly stock: StockRepository,
    private readonly users: UserRepository,
    private readonly ledger: StockLedger,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
    private readonly access: AccessPolicy,
  ) {}

  async listStores(actor: Actor): Promise<Store[]> {
    await this.access.require(actor, 'stock.read');
    return this.stock.listStores();
  }

  async createStore(actor: Actor, input: StoreInput): Promise<Store> {
    await this.access.requireWholeEstate(actor, 'stock.write');
    await this.checkOwner(input.kind, input.ownerId ?? null);
    const now = this.clock.now();
    const store: Store = {
      id: randomUUID(),
      name: input.name,
      kind: input.kind,
      region: input.region ?? null,
      ownerId: input.ownerId ?? null,
      active: input.active ?? true,
      createdAt: now,
      updatedAt: now,
    };
    return this.tx.run(async () => {
      await this.stock.insertStore(store);
      await this.audit.record(actor, 'create', 'store', store.id, null, store);
      return store;
    });
  }

  async updateStore(actor: Actor, id: string, change: Partial<StoreInput>): Promise<Store> {
    await this.access.requireWholeEstate(actor, 'stock.write');
    const before = await this.requireStore(id);
    const after: Store = { ...before, ...change, updatedAt: this.clock.now() };
    await this.checkOwner(after.kind, after.ownerId);
    return this.tx.run(async () => {
      await this.stock.updateStore(after);
      await this.audit.record(actor, 'update', 'store', id, before, after);
      return after;
    });
  }

  async listPartModels(actor: Actor): Promise<PartModel[]> {
    await this.access.require(actor, 'stock.read');
    return this.stock.listPartModels();
  }

  async createPartModel(actor: Actor, input: PartModelInput): Promise<PartModel> {
    await this.access.requireWholeEstate(actor, 'stock.write');
    if (await this.stock.findPartModelBySku(input.sku)) throw new ConflictError(`part model ${input.sku} exists already`, 'sku-taken');
    const now = this.clock.now();
    const model: PartModel = { id: randomUUID(), ...input, vendor: input.vendor ?? null, createdAt: now, updatedAt: now };
    return this.tx.run(async () => {
      await this.stock.insertPartModel(model);
      await this.audit.record(actor, 'create', 'part-model', model.id, null, model);
      return model;
    });
  }

  async updatePartModel(actor: Actor, id: string, change: Partial<PartModelInput>): Promise<PartModel> {
    await this.access.requireWholeEstate(actor, 'stock.write');
    const before = await this.requirePartModel(id);
    if (change.sku && change.sku !== before.sku && (await this.stock.findPartModelBySku(change.sku)))
      throw new ConflictError(`part model ${change.sku} exists already`, 'sku-taken');
    const after: PartModel = { ...before, ...change, updatedAt: this.clock.now() };
    return this.tx.run(async () => {
      await this.stock.updatePartModel(after);
      await this.audit.record(actor, 'update', 'part-model', id, before, after);
      return after;
    });
  }

  async levels(actor: Actor, filter: StockFilter): Promise<StockLevelView[]> {
    await this.access.require(actor, 'stock.read');
    return (await this.stock.listLevels(filter)).map(viewOf);
  }

  /** Parts delivered into a store. */
  async receive(actor: Actor, input: { storeId: string; partModelId: string; quantity: number; reason?: string | null }): Promise<StockLevelView> {
    await this.access.requireWholeEstate(actor, 'stock.write');
    await this.checkPair(input.storeId, input.partModelId);
    return this.tx.run(async () =>
      viewOf(
        await this.ledger.move(actor, {
          kind: 'receive',
          storeId: input.storeId,
          partModelId: input.partModelId,
          onHandDelta: input.quantity,
          reservedDelta: 0,
          reason: input.reason ?? null,
        }),
      ),
    );
  }

  /** A count corrected (a stocktake, a broken part written off): by how many, and why. */
  async adjust(actor: Actor, input: { storeId: string; partModelId: string; delta: number; reason: string }): Promise<StockLevelView> {
    await this.access.requireWholeEstate(actor, 'stock.write');
    if (input.delta === 0) throw new InputError('delta', 'an adjustment changes the count');
    await this.checkPair(input.storeId, input.partModelId);
    return this.tx.run(async () =>
      viewOf(
        await this.ledger.move(actor, { kind: 'adjust', storeId: input.storeId, partModelId: input.partModelId, onHandDelta: input.delta, reservedDelta: 0, reason: input.reason }),
      ),
    );
  }

  /** Parts moved from one store to another (the central store restocking a van): two ledger lines in one transaction. */
  async transfer(actor: Actor, input: { fromStoreId: string; toStoreId: string; partModelId: string; quantity: number; reason?: string | null }): Promise<StockLevelView[]> {
    await this.access.requireWholeEstate(actor, 'stock.write');
    if (input.fromStoreId === input.toStoreId) throw new InputError('toStoreId', 'a transfer goes to another store');
    await this.checkPair(input.fromStoreId, input.partModelId, 'fromStoreId');
    await this.checkPair(input.toStoreId, input.partModelId, 'toStoreId');
    const common = { partModelId: input.partModelId, reservedDelta: 0, reason: input.reason ?? null };
    return this.tx.run(async () => [
      viewOf(await this.ledger.move(actor, { ...common, kind: 'transfer-out', storeId: input.fromStoreId, otherStoreId: input.toStoreId, onHandDelta: -input.quantity })),
      viewOf(await this.ledger.move(actor, { ...common, kind: 'transfer-in', storeId: input.toStoreId, otherStoreId: input.fromStoreId, onHandDelta: input.quantity })),
    ]);
  }

  async setMinimum(actor: Actor, input: { storeId: string; partModelId: string; minimum: number }): Promise<StockLevelView> {
    await this.access.requireWholeEstate(actor, 'stock.write');
    await this.checkPair(input.storeId, input.partModelId);
    return this.tx.run(async () => viewOf(await this.ledger.setMinimum(actor, input.storeId, input.partModelId, input.minimum)));
  }

  async movements(actor: Actor, filter: MovementFilter, page: PageRequest): Promise<Page<StockMovement>> {
    await this.access.require(actor, 'stock.read');
    return this.stock.listMovements(filter, page);
  }

  async requireStore(id: string, field?: string): Promise<Store> {
    const store = await this.stock.findStore(id);
    if (store) return store;
    if (field) throw new InputError(field, `store ${id} does not exist`);
    throw new NotFoundError('store', id);
  }

  async requirePartModel(id: string, field?: string): Promise<PartModel> {
    const model = await this.stock.findPartModel(id);
    if (model) return model;
    if (field) throw new InputError(field, `part model ${id} does not exist`);
    throw new NotFoundError('part-model', id);
  }

  private async checkPair(storeId: string, partModelId: string, storeField = 'storeId'): Promise<void> {
    const store = await this.requireStore(storeId, storeField);
    if (!store.active) throw new InputError(storeField, `store ${store.name} is closed`);
    await this.requirePartModel(partModelId, 'partModelId');
  }

  /** A van is an engineer's: its owner an active engineer or supervisor; other stores have no owner. */
  private async checkOwner(kind: StoreKind, ownerId: string | null): Promise<void> {
    if (kind !== 'van') {
      if (ownerId) throw new InputError('ownerId', 'only a van has an owner');
      return;
    }
    if (!ownerId) return;
    const owner = await this.users.findById(ownerId);
    if (!owner || !owner.active) throw new InputError('ownerId', `user ${ownerId} does not exist`);
    if (owner.role !== 'engineer' && owner.role !== 'supervisor') throw new InputError('ownerId', 'a van belongs to an engineer or a supervisor');
  }
}
