import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { VigilConfig } from '@vigil/config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export function dataSourceOptions(database: VigilConfig['database']): DataSourceOptions {
  if (database.kind === 'sqlite') {
    if (database.path !== ':memory:') mkdirSync(dirname(database.path), { recursive: true });
    return {
      type: 'better-sqlite3',
      database: database.path,
      entities: ENTITIES,
      migrations: MIGRATIONS,
      synchronize: false,
      // WAL lets readers run beside the writer; busy_timeout lets several processes share one file.
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('busy_timeout = 5000');
        db.pragma('synchronous = NORMAL');
      },
    };
  }
  return {
    type: 'postgres',
    url: database.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    extra: { max: 10 },
  };
}

/** Advisory-lock key shared by every Vigil process migrating one PostgreSQL database. */
const MIGRATION_LOCK = 7_411_001;

/** Opens the database and brings its schema up to date; safe to run from several processes at once. */
export async function openDatabase(database: VigilConfig['database']): Promise<DataSource> {
  const dataSource = await new DataSource(dataSourceOptions(database)).initialize();
  if (dataSource.options.type !== 'postgres') {
    await dataSource.runMigrations({ transaction: 'each' });
    return dataSource;
  }
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
  return dataSource;
}
