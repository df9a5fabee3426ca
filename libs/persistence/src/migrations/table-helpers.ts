import type { TableColumnOptions } from 'typeorm';

/** Column shorthands shared by migrations; types chosen to mean the same on SQLite and PostgreSQL. */
export const col = {
  id: (name = 'id', length = 36): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isPrimary: true }),
  text: (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable }),
  longText: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable }),
  int: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable }),
  bool: (name: string, fallback: boolean): TableColumnOptions => ({ name, type: 'boolean', default: fallback }),
  instant: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '24', isNullable: nullable }),
};
