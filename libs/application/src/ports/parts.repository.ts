import type { FaultPart, FaultPartState, MovementKind, Page, PageRequest, PartModel, StockLevel, StockMovement, Store } from '@vigil/domain';

export interface StockFilter {
  storeId?: string;
  partModelId?: string;
  /** Levels whose available count is at or below their minimum (a minimum of 0 is never below). */
  belowMinimum?: boolean;
}

export interface MovementFilter {
  storeId?: string;
  partModelId?: string;
  faultId?: string;
  kind?: MovementKind;
  /** At in [from, to). */
  from?: Date;
  to?: Date;
}

/** The contractor's stores, the part models, the stock of each in each store, and the ledger of every change. */
export abstract class StockRepository {
  abstract listStores(): Promise<Store[]>;
  abstract findStore(id: string): Promise<Store | null>;
  abstract insertStore(store: Store): Promise<void>;
  abstract updateStore(store: Store): Promise<void>;
  abstract listPartModels(): Promise<PartModel[]>;
  abstract findPartModel(id: string): Promise<PartModel | null>;
  abstract findPartModelBySku(sku: string): Promise<PartModel | null>;
  abstract insertPartModel(model: PartModel): Promise<void>;
  abstract updatePartModel(model: PartModel): Promise<void>;
  abstract listLevels(filter: StockFilter): Promise<StockLevel[]>;
  /** The level of a part model in a store, its row locked for the transaction (PostgreSQL); null when the store never held one. */
  abstract findLevelForUpdate(storeId: string, partModelId: string): Promise<StockLevel | null>;
  abstract findLevelById(id: string): Promise<StockLevel | null>;
  abstract insertLevel(level: StockLevel): Promise<void>;
  abstract updateLevel(level: StockLevel): Promise<void>;
  abstract addMovement(movement: StockMovement): Promise<void>;
  /** Newest first. */
  abstract listMovements(filter: MovementFilter, page: PageRequest): Promise<Page<StockMovement>>;
}

export interface FaultPartFilter {
  faultId?: string;
  state?: FaultPartState;
  /** Fitted in [from, to). */
  fittedFrom?: Date;
  fittedTo?: Date;
}

/** Parts reserved, issued, fitted or returned on faults. */
export abstract class FaultPartRepository {
  abstract findById(id: string): Promise<FaultPart | null>;
  abstract insert(part: FaultPart): Promise<void>;
  abstract update(part: FaultPart): Promise<void>;
  /** Oldest reserved first. */
  abstract list(filter: FaultPartFilter): Promise<FaultPart[]>;
}
