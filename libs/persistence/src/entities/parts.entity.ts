import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { instant, INSTANT_LENGTH } from './columns';

const at = { type: 'varchar', length: INSTANT_LENGTH, transformer: instant } as const;
const atOrNull = { ...at, nullable: true } as const;

/** A store of spare parts: central, regional, or an engineer's van. */
@Entity('stores')
export class StoreEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 16 }) kind!: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) region!: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) ownerId!: string | null;
  @Column({ type: 'boolean' }) active!: boolean;
  @Column(at) createdAt!: Date;
  @Column(at) updatedAt!: Date;
}

/** A kind of spare part; its compatible device models as a JSON list. */
@Entity('part_models')
export class PartModelEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Index('UQ_part_models_sku', { unique: true }) @Column({ type: 'varchar', length: 64 }) sku!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 200, nullable: true }) vendor!: string | null;
  @Column({ type: 'text' }) compatibleModels!: string;
  @Column({ type: 'integer' }) unitCostCents!: number;
  @Column({ type: 'integer' }) warrantyMonths!: number;
  @Column(at) createdAt!: Date;
  @Column(at) updatedAt!: Date;
}

/** The stock of one part model in one store. */
@Entity('stock_levels')
@Index('UQ_stock_levels_store_model', ['storeId', 'partModelId'], { unique: true })
export class StockLevelEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 36 }) storeId!: string;
  @Column({ type: 'varchar', length: 36 }) partModelId!: string;
  @Column({ type: 'integer' }) onHand!: number;
  @Column({ type: 'integer' }) reserved!: number;
  @Column({ type: 'integer' }) minimum!: number;
  @Column({ type: 'boolean' }) reorderAlerted!: boolean;
  @Column(at) updatedAt!: Date;
}

/** One line of the stock ledger. */
@Entity('stock_movements')
@Index('IDX_stock_movements_at', ['at'])
@Index('IDX_stock_movements_fault', ['faultId'])
export class StockMovementEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column(at) at!: Date;
  @Column({ type: 'varchar', length: 16 }) kind!: string;
  @Column({ type: 'varchar', length: 36 }) storeId!: string;
  @Column({ type: 'varchar', length: 36 }) partModelId!: string;
  @Column({ type: 'integer' }) onHandDelta!: number;
  @Column({ type: 'integer' }) reservedDelta!: number;
  @Column({ type: 'varchar', length: 100 }) actor!: string;
  @Column({ type: 'varchar', length: 500, nullable: true }) reason!: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) faultId!: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) faultPartId!: string | null;
  @Column({ type: 'varchar', length: 36, nullable: true }) otherStoreId!: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) serialIn!: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) serialOut!: string | null;
}

/** A part on a fault: reserved, issued, fitted, returned or cancelled. */
@Entity('fault_parts')
@Index('IDX_fault_parts_fault', ['faultId'])
export class FaultPartEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 }) id!: string;
  @Column({ type: 'varchar', length: 36 }) faultId!: string;
  @Column({ type: 'varchar', length: 36 }) partModelId!: string;
  @Column({ type: 'varchar', length: 36 }) storeId!: string;
  @Column({ type: 'varchar', length: 16 }) state!: string;
  @Column({ type: 'varchar', length: 36, nullable: true }) issuedTo!: string | null;
  @Column(atOrNull) issuedAt!: Date | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) serialIn!: string | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) serialOut!: string | null;
  @Column(atOrNull) fittedAt!: Date | null;
  @Column(atOrNull) warrantyUntil!: Date | null;
  @Column({ type: 'boolean' }) waiting!: boolean;
  @Column({ type: 'varchar', length: 100 }) reservedBy!: string;
  @Column(at) reservedAt!: Date;
  @Column(atOrNull) closedAt!: Date | null;
  @Column(at) updatedAt!: Date;
}
