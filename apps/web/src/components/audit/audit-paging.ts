/**
 * Which entries a page of the trail shows. The API answers oldest first; newest first, page 1 is the last
 * `size` entries (`total` from the page before, or a first read of one entry), shown reversed.
 */
export function pageWindow(total: number, page: number, size: number, newestFirst: boolean): { offset: number; limit: number } {
  const p = Math.max(1, Math.floor(page));
  if (!newestFirst) return { offset: (p - 1) * size, limit: size };
  const end = Math.max(0, total - (p - 1) * size);
  const start = Math.max(0, end - size);
  return { offset: start, limit: Math.max(1, end - start) };
}

/** "entries 201–300 of 1,234" as numbers counted in the order shown (1 = the first row shown). */
export function shownRange(total: number, page: number, size: number, count: number): { from: number; to: number } {
  if (count === 0) return { from: 0, to: 0 };
  const from = (Math.max(1, page) - 1) * size + 1;
  return { from, to: Math.min(total, from + count - 1) };
}

/** The page (oldest first, or newest first) on which an entry that is the n-th of the trail (1-based) appears. */
export function pageOfPosition(position: number, total: number, size: number, newestFirst: boolean): number {
  const fromStart = newestFirst ? total - position + 1 : position;
  return Math.max(1, Math.ceil(fromStart / size));
}
