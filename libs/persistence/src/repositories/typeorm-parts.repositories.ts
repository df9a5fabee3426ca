import { Injectable } from '@nestjs/common';
import type { FaultPart, FaultPartState, MovementKind, Page, PageRequest, PartModel, StockLevel, StockMovement, Store, StoreKind } from '@vigil/domain';
import { FaultPartRepository, StockRepository, type FaultPartFilter, type MovementFilter, type StockFilter } from '@vigil/application';
import { FaultPartEntity, PartModelEntity, StockLevelEntity, StockMovementEntity, StoreEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';
import { pageOf } from './page-query';

const toStore = (e: StoreEntity): Store => ({ ...e, kind: e.kind as StoreKind, active: Boolean(e.active) });
const toModel = (e: PartModelEntity): PartModel => ({ ...e, compatibleModels: JSON.parse(e.compatibleModels) as string[] });
const fromModel = (m: PartModel): PartModelEntity => ({ ...m, compatibleModels: JSON.stringify(m.compatibleModels) });
const toLevel = (e: StockLevelEntity): StockLevel => ({ ...e, reorderAlerted: Boolean(e.reorderAlerted) });
const toMovement = (e: StockMovementEntity): StockMovement => ({ ...e, kind: e.kind as MovementKind });
const toFaultPart = (e: FaultPartEntity): FaultPart => ({ ...e, state: e.state as FaultPartState, waiting: Boolean(e.waiting) });

@Injectable()
export class TypeormStockRepository extends StockRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get stores() {
    return this.tx.manager().getRepository(StoreEntity);
  }
  private get models() {
    return this.tx.manager().getRepository(PartModelEntity);
  }
  private get levels() {
    return this.tx.manager().getRepository(StockLevelEntity);
  }
  async listStores(): Promise<Store[]> {
    return (await this.stores.find({ order: { name: 'ASC' } })).map(toStore);
  }
  async findStore(id: string): Promise<Store | null> {
    const e = await this.stores.findOneBy({ id });
    return e ? toStore(e) : null;
  }
  async insertStore(store: Store): Promise<void> {
    await this.stores.insert(store);
  }
  async updateStore(store: Store): Promise<void> {
    const { id, ...rest } = store;
    await this.stores.update({ id }, rest);
  }
  async listPartModels(): Promise<PartModel[]> {
    return (await this.models.find({ order: { sku: 'ASC' } })).map(toModel);
  }
  async findPartModel(id: string): Promise<PartModel | null> {
    const e = await this.models.findOneBy({ id });
    return e ? toModel(e) : null;
  }
  async findPartModelBySku(sku: string): Promise<PartModel | null> {
    const e = await this.models.findOneBy({ sku });
    return e ? toModel(e) : null;
  }
  async insertPartModel(model: PartModel): Promise<void> {
    await this.models.insert(fromModel(model));
  }
  async updatePartModel(model: PartModel): Promise<void> {
    const { id, ...rest } = fromModel(model);
    await this.models.update({ id }, rest);
  }
  async listLevels(f: StockFilter): Promise<StockLevel[]> {
    const q = this.levels.createQueryBuilder('l').orderBy('l.storeId', 'ASC').addOrderBy('l.partModelId', 'ASC');
    if (f.storeId !== undefined) q.andWhere('l.storeId = :storeId', { storeId: f.storeId });
    if (f.partModelId !== undefined) q.andWhere('l.partModelId = :partModelId', { partModelId: f.partModelId });
    if (f.belowMinimum) q.andWhere('l.minimum > 0 AND l.onHand - l.reserved <= l.minimum');
    return (await q.getMany()).map(toLevel);
  }
  async findLevelForUpdate(storeId: string, partModelId: string): Promise<StockLevel | null> {
    const q = this.levels.createQueryBuilder('l').where('l.storeId = :storeId AND l.partModelId = :partModelId', { storeId, partModelId });
    if (this.tx.isPostgres) q.setLock('pessimistic_write');
    const e = await q.getOne();
    return e ? toLevel(e) : null;
  }
  async findLevelById(id: string): Promise<StockLevel | null> {
    const e = await this.levels.findOneBy({ id });
    return e ? toLevel(e) : null;
  }
  async insertLevel(level: StockLevel): Promise<void> {
    await this.levels.insert(level);
  }
  async updateLevel(level: StockLevel): Promise<void> {
    const { id, ...rest } = level;
    await this.levels.update({ id }, rest);
  }
  async addMovement(movement: StockMovement): Promise<void> {
    await this.tx.manager().getRepository(StockMovementEntity).insert(movement);
  }
  listMovements(f: MovementFilter, page: PageRequest): Promise<Page<StockMovement>> {
    const q = this.tx.manager().getRepository(StockMovementEntity).createQueryBuilder('m').orderBy('m.at', 'DESC').addOrderBy('m.id', 'ASC');
    for (const key of ['storeId', 'partModelId', 'faultId', 'kind'] as const) {
      if (f[key] !== undefined) q.andWhere(`m.${key} = :${key}`, { [key]: f[key] });
    }
    if (f.from) q.andWhere('m.at >= :from', { from: f.from.toISOString() });
    if (f.to) q.andWhere('m.at < :to', { to: f.to.toISOString() });
    return pageOf(q, page, toMovement);
  }
}

@Injectable()
export class TypeormFaultPartRepository extends FaultPartRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get parts() {
    return this.tx.manager().getRepository(FaultPartEntity);
  }
  async findById(id: string): Promise<FaultPart | null> {
    const e = await this.parts.findOneBy({ id });
    return e ? toFaultPart(e) : null;
  }
  async insert(part: FaultPart): Promise<void> {
    await this.parts.insert(part);
  }
  async update(part: FaultPart): Promise<void> {
    const { id, ...rest } = part;
    await this.parts.update({ id }, rest);
  }
  async list(f: FaultPartFilter): Promise<FaultPart[]> {
    const q = this.parts.createQueryBuilder('p').orderBy('p.reservedAt', 'ASC').addOrderBy('p.id', 'ASC');
    if (f.faultId !== undefined) q.andWhere('p.faultId = :faultId', { faultId: f.faultId });
    if (f.state !== undefined) q.andWhere('p.state = :state', { state: f.state });
    if (f.fittedFrom) q.andWhere('p.fittedAt >= :fittedFrom', { fittedFrom: f.fittedFrom.toISOString() });
    if (f.fittedTo) q.andWhere('p.fittedAt < :fittedTo', { fittedTo: f.fittedTo.toISOString() });
    return (await q.getMany()).map(toFaultPart);
  }
}
