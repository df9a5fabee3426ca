export type SlideKind = 'summary' | 'sites' | 'faults';

export interface Slide {
  kind: SlideKind;
  /** The page of the sites grid (0 for the other slides). */
  page: number;
}

export const SLIDE_KINDS: SlideKind[] = ['summary', 'sites', 'faults'];
export const DEFAULT_ROTATE_SEC = 20;
export const MIN_ROTATE_SEC = 5;
export const MAX_ROTATE_SEC = 3600;
/** Site rows on one page of the grid (two columns of ten). */
export const SITES_PER_PAGE = 20;
/** The grid pages through the sites that need attention, at most this many pages per round. */
export const MAX_SITE_PAGES = 5;

function first(value: unknown): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v : null;
}

/** `?rotate=N`: seconds per slide; 0 holds the current slide; anything else unreadable: the default. Kept within 5 s–1 h. */
export function parseRotate(query: unknown): number {
  const text = first(query);
  if (text === null || text.trim() === '') return DEFAULT_ROTATE_SEC;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) return DEFAULT_ROTATE_SEC;
  if (n === 0) return 0;
  return Math.min(MAX_ROTATE_SEC, Math.max(MIN_ROTATE_SEC, Math.round(n)));
}

/** `?views=summary,faults`: which slides rotate, in the order given; none readable: all three. */
export function parseViews(query: unknown): SlideKind[] {
  const text = first(query);
  if (!text) return SLIDE_KINDS;
  const kinds = [...new Set(text.split(',').map((s) => s.trim()))].filter((s): s is SlideKind => (SLIDE_KINDS as string[]).includes(s));
  return kinds.length ? kinds : SLIDE_KINDS;
}

/** Pages of the sites grid in one round: enough for every site needing attention, at least one, at most MAX_SITE_PAGES. */
export function sitePageCount(shown: number, needingAttention: number, perPage = SITES_PER_PAGE, maxPages = MAX_SITE_PAGES): number {
  const wanted = Math.ceil(Math.min(shown, needingAttention) / perPage);
  return Math.max(1, Math.min(maxPages, wanted));
}

export function slidesFor(views: readonly SlideKind[], sitePages: number): Slide[] {
  return views.flatMap((kind): Slide[] => (kind === 'sites' ? Array.from({ length: Math.max(1, sitePages) }, (_, page) => ({ kind, page })) : [{ kind, page: 0 }]));
}

export function sameSlide(a: Slide | undefined, b: Slide | undefined): boolean {
  return !!a && !!b && a.kind === b.kind && a.page === b.page;
}

/**
 * Where the wall stands when the list of slides changes (the sites grid gained or lost a page): on the
 * same slide if it is still there, else on the first page of its kind, else at the start.
 */
export function indexAfterChange(before: Slide | undefined, slides: readonly Slide[]): number {
  if (!before) return 0;
  const same = slides.findIndex((s) => sameSlide(s, before));
  if (same >= 0) return same;
  const kind = slides.findIndex((s) => s.kind === before.kind);
  return kind >= 0 ? kind : 0;
}

export function nextIndex(current: number, count: number): number {
  return count <= 0 ? 0 : (current + 1) % count;
}
