import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './table-helpers';

/** Checklist templates (versioned), patrol plans, patrols keyed by plan + site + period, photos, corrections after sign-off. */
export class Patrols1764100000000 implements MigrationInterface {
  name = 'Patrols1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'checklist_templates',
        columns: [
          { ...col.text('id', 64), isPrimary: true },
          { ...col.int('version'), isPrimary: true },
          col.text('kind', 32),
          col.longText('name'),
          col.longText('items'),
          col.instant('createdAt'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'patrol_plans',
        columns: [
          col.id(),
          col.text('contractId', 36, true),
          col.text('kind', 32),
          col.text('templateId', 64),
          col.longText('siteIds', true),
          col.longText('schedule'),
          col.text('startsOn', 10),
          col.bool('active', true),
          col.instant('createdAt'),
          col.instant('updatedAt'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'patrols',
        columns: [
          col.id(),
          col.text('planId', 36),
          col.text('siteId', 36),
          col.text('contractId', 36, true),
          col.text('kind', 32),
          col.text('templateId', 64),
          col.int('templateVersion'),
          col.text('period', 16),
          col.instant('periodStart'),
          col.instant('periodEnd'),
          col.instant('dueAt'),
          col.text('state', 16),
          col.bool('generatedLate', false),
          col.text('assigneeId', 36, true),
          col.instant('startedAt', true),
          col.instant('submittedAt', true),
          col.longText('results'),
          col.longText('signoff', true),
          col.instant('overdueNotifiedAt', true),
          col.instant('createdAt'),
          col.instant('updatedAt'),
        ],
      }),
    );
    // the key that makes generation safe: one patrol per plan, site and period, whoever generates it
    await q.createIndices('patrols', [
      new TableIndex({ name: 'UQ_patrols_plan_site_period', columnNames: ['planId', 'siteId', 'period'], isUnique: true }),
      new TableIndex({ name: 'IDX_patrols_site_period', columnNames: ['siteId', 'periodStart'] }),
      new TableIndex({ name: 'IDX_patrols_due', columnNames: ['state', 'dueAt'] }),
    ]);
    await q.createTable(
      new Table({
        name: 'patrol_photos',
        columns: [
          col.id(),
          col.text('patrolId', 36),
          col.text('lineKey', 200),
          col.text('path', 500),
          col.text('contentType', 64),
          col.int('bytes'),
          col.text('sha256', 64),
          col.text('uploadedBy', 64),
          col.instant('createdAt'),
        ],
      }),
    );
    await q.createIndex('patrol_photos', new TableIndex({ name: 'IDX_patrol_photos_patrol', columnNames: ['patrolId'] }));
    await q.createTable(
      new Table({
        name: 'patrol_corrections',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          col.text('patrolId', 36),
          col.text('lineKey', 200),
          col.text('outcome', 8),
          col.longText('value', true),
          col.longText('note'),
          col.text('by', 64),
          col.instant('at'),
        ],
      }),
    );
    await q.createIndex('patrol_corrections', new TableIndex({ name: 'IDX_patrol_corrections_patrol', columnNames: ['patrolId', 'id'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['patrol_corrections', 'patrol_photos', 'patrols', 'patrol_plans', 'checklist_templates']) await q.dropTable(t);
  }
}
