import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Page, PageRequest } from '@vigil/domain';

/** Runs a list query: every match unless the caller asked for a page. */
export async function pageOf<E extends ObjectLiteral, T>(query: SelectQueryBuilder<E>, page: PageRequest, map: (entity: E) => T): Promise<Page<T>> {
  if (page.limit !== undefined) query.take(page.limit);
  if (page.offset !== undefined) query.skip(page.offset);
  const [rows, total] = await query.getManyAndCount();
  return { items: rows.map(map), total };
}

/** Limits a query to the sites of a scope: `null` is every site, an empty list none. */
export function whereSiteIn<E extends ObjectLiteral>(query: SelectQueryBuilder<E>, column: string, siteIds: readonly string[] | null | undefined): SelectQueryBuilder<E> {
  if (siteIds === null || siteIds === undefined) return query;
  if (siteIds.length === 0) return query.andWhere('1 = 0');
  return query.andWhere(`${column} IN (:...scopeSiteIds)`, { scopeSiteIds: siteIds });
}
