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
