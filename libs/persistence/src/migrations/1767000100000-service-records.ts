import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/** Customer service records (客户服务记录表), their photos and the corrections kept beside a signed one. */
export class ServiceRecords1767000100000 implements MigrationInterface {
  name = 'ServiceRecords1767000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'service_records',
        columns: [
          col.id(),
          col.text('kind', 16),
          col.text('jobId', 64, true),
          col.text('siteId', 36),
          col.text('customerId', 36, true),
          col.text('contractId', 36, true),
          col.longText('workDone'),
          col.longText('partsUsed'),
          col.text('engineerId', 36, true),
          col.text('engineerName', 200, true),
          col.instant('onSiteAt', true),
          col.instant('offSiteAt', true),
          col.instant('sortAt'),
          col.text('state', 24),
          col.longText('signoff', true),
          col.text('signatureSha256', 64, true),
          col.text('signingChannel', 24, true),
          col.longText('flags'),
          col.bool('flagged', false),
          col.text('createdBy', 64),
          col.instant('createdAt'),
          col.instant('updatedAt'),
        ],
      }),
    );
    await q.createIndex('service_records', new TableIndex({ name: 'IDX_service_records_job', columnNames: ['kind', 'jobId'] }));
    await q.createIndex('service_records', new TableIndex({ name: 'IDX_service_records_site', columnNames: ['siteId', 'sortAt'] }));
    await q.createIndex('service_records', new TableIndex({ name: 'IDX_service_records_signature', columnNames: ['signatureSha256'] }));
    await q.createTable(
      new Table({
        name: 'service_record_photos',
        columns: [
          col.id(),
          col.text('recordId', 36),
          col.text('path', 500),
          col.text('contentType', 64),
          col.int('bytes'),
          col.text('sha256', 64),
          col.text('uploadedBy', 64),
          col.instant('createdAt'),
        ],
      }),
    );
    await q.createIndex('service_record_photos', new TableIndex({ name: 'IDX_service_record_photos_record', columnNames: ['recordId'] }));
    await q.createTable(
      new Table({
        name: 'service_record_corrections',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          col.text('recordId', 36),
          col.text('field', 16),
          col.longText('value'),
          col.longText('note'),
          col.text('by', 64),
          col.instant('at'),
        ],
      }),
    );
    await q.createIndex('service_record_corrections', new TableIndex({ name: 'IDX_service_record_corrections_record', columnNames: ['recordId'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['service_record_corrections', 'service_record_photos', 'service_records']) await q.dropTable(t);
  }
}
