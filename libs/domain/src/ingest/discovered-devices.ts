/** How many ids heard but not registered are kept, so a stranger publishing random ids cannot grow the list without end. */
export const MAX_DISCOVERED = 10_000;

export interface HeardId {
  id: string;
  messages: number;
  lastSeenAt: Date;
}

/** Which of two heard ids goes first when the list is full: the one heard fewer times, then the one unheard for longer. */
export function evictionOrder(a: HeardId, b: HeardId): number {
  return a.messages - b.messages || a.lastSeenAt.getTime() - b.lastSeenAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The ids to drop so that at most `max` remain. An id heard repeatedly is never dropped while one heard
 * fewer times is left, so junk ids heard once push out only each other (the oldest first), and a real
 * device that keeps calling stays on the list until someone registers or forgets it.
 */
export function discoveredToEvict(entries: readonly HeardId[], max: number): string[] {
  if (entries.length <= max) return [];
  return [...entries]
    .sort(evictionOrder)
    .slice(0, entries.length - max)
    .map((e) => e.id);
}
