import type { FaultKind, FaultLevel, FaultRow, FaultState, SiteOverview } from './types';
import { nextSlaStep } from './sla';

/**
 * The console's list, computed apart from drawing so it is tested on its own and stays linear but for one
 * sort: filter, group an outage's member faults under it, order by urgency, and keep the rows where they are
 * while the operator's pointer is on them.
 */

export interface FaultFilter {
  /** Empty: every level (the same for states and kinds). */
  levels: FaultLevel[];
  states: FaultState[];
  kinds: FaultKind[];
  /** A site and the sites under it; null: every site. */
  siteIds: ReadonlySet<string> | null;
  unacknowledged: boolean;
  text: string;
}

export function emptyFilter(): FaultFilter {
  return { levels: [], states: [], kinds: [], siteIds: null, unacknowledged: false, text: '' };
}

/** One line of the list: a fault with the open faults that joined it (an outage's members). */
export interface ListItem {
  row: FaultRow;
  members: FaultRow[];
}

/** A line as drawn: a fault of its own or incident (depth 0), or a member under an opened incident (depth 1). */
export interface VisibleLine {
  id: string;
  depth: 0 | 1;
  /** For an incident: how many member faults it holds. */
  memberCount: number;
}

/** A line with the fault it shows (its last known state when it left the list while held: `gone`). */
export interface TableLine extends VisibleLine {
  row: FaultRow;
  gone: boolean;
}

// clocks that run sort by their due; paused ones after them, faults without a clock last (each by age)
const PAUSED = 8e15;
const NO_CLOCK = 9e15;

/** The instant a fault's SLA bites: its running step's due; paused or clockless faults after every running one. */
export function urgencyKey(row: FaultRow): number {
  const next = nextSlaStep(row.sla);
  const opened = Date.parse(row.openedAt);
  if (!next) return NO_CLOCK + opened;
  if (next.status === 'paused' || next.due === null) return PAUSED + opened;
  return next.due;
}

interface SortKey {
  row: FaultRow;
  key: number;
  opened: number;
}
// a row object is replaced whenever its fault changes: its keys are worked out once
const keys = new WeakMap<FaultRow, SortKey>();
function sortKey(row: FaultRow): SortKey {
  let k = keys.get(row);
  if (!k) keys.set(row, (k = { row, key: urgencyKey(row), opened: Date.parse(row.openedAt) }));
  return k;
}

/** Most urgent first: level 1 before 2, then the SLA time left (late first), then the oldest, then by id. */
export function sortByUrgency(rows: FaultRow[]): FaultRow[] {
  const keyed = rows.map(sortKey);
  keyed.sort((a, b) => a.row.level - b.row.level || a.key - b.key || a.opened - b.opened || (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0));
  return keyed.map((k) => k.row);
}

/** Words of the search, each of which must occur in the row's text. */
export function searchWords(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

export function faultMatches(row: FaultRow, filter: FaultFilter, words: readonly string[], haystack: (row: FaultRow) => string): boolean {
  if (filter.levels.length && !filter.levels.includes(row.level)) return false;
  if (filter.states.length && !filter.states.includes(row.state)) return false;
  if (filter.kinds.length && !filter.kinds.includes(row.kind)) return false;
  if (filter.unacknowledged && row.state !== 'open') return false;
  if (filter.siteIds && !filter.siteIds.has(row.siteId)) return false;
  if (words.length) {
    const text = haystack(row);
    for (const w of words) if (!text.includes(w)) return false;
  }
  return true;
}

/**
 * The list: member faults (parentFaultId naming an open fault) go under their incident; an incident shows
 * when it or one of its members matches the filter; incidents and members each ordered by urgency.
 */
export function buildList(all: Iterable<FaultRow>, filter: FaultFilter, haystack: (row: FaultRow) => string): ListItem[] {
  const rows = [...all];
  const ids = new Set(rows.map((r) => r.id));
  const membersOf = new Map<string, FaultRow[]>();
  const tops: FaultRow[] = [];
  for (const row of rows) {
    if (row.parentFaultId && row.parentFaultId !== row.id && ids.has(row.parentFaultId)) {
      const list = membersOf.get(row.parentFaultId);
      if (list) list.push(row);
      else membersOf.set(row.parentFaultId, [row]);
    } else tops.push(row);
  }
  const words = searchWords(filter.text);
  const shown = tops.filter((row) => faultMatches(row, filter, words, haystack) || (membersOf.get(row.id) ?? []).some((m) => faultMatches(m, filter, words, haystack)));
  return sortByUrgency(shown).map((row) => {
    const members = membersOf.get(row.id);
    return { row, members: members ? sortByUrgency(members) : [] };
  });
}

/** The lines drawn: every item, and the members of the incidents the operator opened. */
export function flatten(items: readonly ListItem[], expanded: ReadonlySet<string>): VisibleLine[] {
  const lines: VisibleLine[] = [];
  for (const { row, members } of items) {
    lines.push({ id: row.id, depth: 0, memberCount: members.length });
    if (members.length && expanded.has(row.id)) for (const m of members) lines.push({ id: m.id, depth: 1, memberCount: 0 });
  }
  return lines;
}

/** What the list shows now: `lines` in their order; `fresh` waiting in the "N new" bar; `gone` shown greyed until released. */
export interface Frame {
  lines: VisibleLine[];
  fresh: string[];
  gone: ReadonlySet<string>;
}

/**
 * Stable rows. Not held: the new order as it is. Held (the pointer is on the list, or rows are selected):
 * every line keeps its place, so the row under the pointer never moves; faults that arrived meanwhile wait in
 * `fresh`, lines that left the list stay (greyed) in `gone`, until the hold ends or the operator asks to see them.
 */
export function holdLines(shown: readonly VisibleLine[], next: readonly VisibleLine[], held: boolean): Frame {
  // an empty list has no row to keep in place
  if (!held || shown.length === 0) return { lines: [...next], fresh: [], gone: new Set() };
  const nextIds = new Set(next.map((l) => l.id));
  const shownIds = new Set(shown.map((l) => l.id));
  return {
    lines: [...shown],
    fresh: next.filter((l) => l.depth === 0 && !shownIds.has(l.id)).map((l) => l.id),
    gone: new Set(shown.filter((l) => !nextIds.has(l.id)).map((l) => l.id)),
  };
}

/** An incident opened or closed while the list is held: its member lines go in or out right under it, nothing else moves. */
export function toggleMembers(lines: readonly VisibleLine[], id: string, memberIds: readonly string[], open: boolean): VisibleLine[] {
  const at = lines.findIndex((l) => l.id === id && l.depth === 0);
  if (at < 0) return [...lines];
  let end = at + 1;
  while (end < lines.length && lines[end].depth === 1) end += 1;
  const members: VisibleLine[] = open ? memberIds.map((m) => ({ id: m, depth: 1, memberCount: 0 })) : [];
  return [...lines.slice(0, at + 1), ...members, ...lines.slice(end)];
}

export interface OpenCounts {
  total: number;
  unacknowledged: number;
  acknowledged: number;
  byLevel: Record<FaultLevel, number>;
}

/** Open faults counted as the summary counts them (an outage once, not its members): acknowledged or not, by level. */
export function countOpen(rows: Iterable<FaultRow>): OpenCounts {
  const counts: OpenCounts = { total: 0, unacknowledged: 0, acknowledged: 0, byLevel: { 1: 0, 2: 0, 3: 0, 4: 0 } };
  for (const row of rows) {
    if (row.parentFaultId || row.state === 'closed') continue;
    counts.total += 1;
    counts.byLevel[row.level] += 1;
    if (row.state === 'open') counts.unacknowledged += 1;
    else counts.acknowledged += 1;
  }
  return counts;
}

/** A site and every site below it in the tree. */
export function siteAndBelow(siteId: string, sites: Iterable<Pick<SiteOverview, 'id' | 'parentId'>>): Set<string> {
  const children = new Map<string, string[]>();
  for (const s of sites) {
    if (!s.parentId) continue;
    const list = children.get(s.parentId);
    if (list) list.push(s.id);
    else children.set(s.parentId, [s.id]);
  }
  const found = new Set<string>([siteId]);
  const queue = [siteId];
  while (queue.length) {
    for (const child of children.get(queue.pop()!) ?? []) {
      if (found.has(child)) continue;
      found.add(child);
      queue.push(child);
    }
  }
  return found;
}

/** The faults a bulk action takes from a selection: each selected fault and, for an incident, its open members. */
export function selectionWithMembers(selected: Iterable<string>, items: readonly ListItem[]): string[] {
  const chosen = new Set(selected);
  const out = new Set<string>();
  for (const { row, members } of items) {
    if (chosen.has(row.id)) {
      out.add(row.id);
      members.forEach((m) => out.add(m.id));
    } else members.filter((m) => chosen.has(m.id)).forEach((m) => out.add(m.id));
  }
  return [...out];
}
