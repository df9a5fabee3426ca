import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/** Spare parts: the contractor's stores, part models, stock per store and model, the stock ledger, and parts on faults. */
export class SpareParts1767600000000 implements MigrationInterface {
  name = 'SpareParts1767600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'stores',
        columns: [
          col.id(),
          col.text('name', 200),
          col.text('kind', 16),
          col.text('region', 64, true),
          col.text('ownerId', 36, true),
          col.bool('active', true),
          col.instant('createdAt'),
          col.instant('updatedAt'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'part_models',
        columns: [
          col.id(),
          col.text('sku', 64),
          col.text('name', 200),
          col.text('vendor', 200, true),
          col.longText('compatibleModels'),
          col.int('unitCostCents'),
          col.int('warrantyMonths'),
          col.instant('createdAt'),
          col.instant('updatedAt'),
        ],
      }),
    );
    await q.createIndex('part_models', new TableIndex({ name: 'UQ_part_models_sku', columnNames: ['sku'], isUnique: true }));
    await q.createTable(
      new Table({
        name: 'stock_levels',
        columns: [
          col.id(),
          col.text('storeId', 36),
          col.text('partModelId', 36),
          col.int('onHand'),
          col.int('reserved'),
          col.int('minimum'),
          col.bool('reorderAlerted', false),
          col.instant('updatedAt'),
        ],
      }),
    );
    await q.createIndex('stock_levels', new TableIndex({ name: 'UQ_stock_levels_store_model', columnNames: ['storeId', 'partModelId'], isUnique: true }));
    await q.createTable(
      new Table({
        name: 'stock_movements',
        columns: [
          col.id(),
          col.instant('at'),
          col.text('kind', 16),
          col.text('storeId', 36),
          col.text('partModelId', 36),
          col.int('onHandDelta'),
          col.int('reservedDelta'),
          col.text('actor', 100),
          col.text('reason', 500, true),
          col.text('faultId', 36, true),
          col.text('faultPartId', 36, true),
          col.text('otherStoreId', 36, true),
          col.text('serialIn', 100, true),
          col.text('serialOut', 100, true),
        ],
      }),
    );
    await q.createIndices('stock_movements', [
      new TableIndex({ name: 'IDX_stock_movements_at', columnNames: ['at'] }),
      new TableIndex({ name: 'IDX_stock_movements_fault', columnNames: ['faultId'] }),
    ]);
    await q.createTable(
      new Table({
        name: 'fault_parts',
        columns: [
          col.id(),
          col.text('faultId', 36),
          col.text('partModelId', 36),
          col.text('storeId', 36),
          col.text('state', 16),
          col.text('issuedTo', 36, true),
          col.instant('issuedAt', true),
          col.text('serialIn', 100, true),
          col.text('serialOut', 100, true),
          col.instant('fittedAt', true),
          col.instant('warrantyUntil', true),
          col.bool('waiting', false),
          col.text('reservedBy', 100),
          col.instant('reservedAt'),
          col.instant('closedAt', true),
          col.instant('updatedAt'),
        ],
      }),
    );
    await q.createIndex('fault_parts', new TableIndex({ name: 'IDX_fault_parts_fault', columnNames: ['faultId'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['fault_parts', 'stock_movements', 'stock_levels', 'part_models', 'stores']) await q.dropTable(table);
  }
}
