import type { EntityManager } from 'typeorm';

/** Positional parameter n (1-based) in the database's own syntax. */
export function param(manager: EntityManager, n: number): string {
  return manager.connection.options.type === 'postgres' ? `$${n}` : '?';
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Text a person typed, as a LIKE pattern that matches it literally: `%`, `_` and the escape character
 * itself are escaped. Always write the comparison as `LIKE :p ${LIKE_ESCAPE}`; PostgreSQL has no default
 * escape character that SQLite shares, so the clause names it.
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export const LIKE_ESCAPE = "ESCAPE '\\'";
