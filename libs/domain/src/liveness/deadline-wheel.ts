interface Entry {
  deadline: number;
  slot: number;
}

/**
 * Deadlines keyed by id in a timer wheel: time is cut into slots of `slotMs`, each id sits in the slot
 * of its deadline. Touching an id (every heartbeat) moves it between two sets: constant time whatever the
 * number of ids, where a heap sifted each one through log2(n) levels. Popping walks the slots from the
 * last one popped up to now; only the slot now falls in is checked deadline by deadline.
 */
export class DeadlineWheel {
  private readonly entries = new Map<string, Entry>();
  private readonly slots = new Map<number, Set<string>>();
  /** Every slot below this one is empty: popped up to here. A deadline already past goes into it. */
  private cursor = -Infinity;

  constructor(private readonly slotMs = 100) {
    if (!(slotMs > 0)) throw new Error('slotMs must be positive');
  }

  get size(): number {
    return this.entries.size;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  deadlineOf(id: string): number | undefined {
    return this.entries.get(id)?.deadline;
  }

  /** The earliest deadline; it scans the slots' keys (no hot path needs it). */
  nextDeadline(): number | undefined {
    let first = Infinity;
    for (const slot of this.slots.keys()) if (slot < first) first = slot;
    if (first === Infinity) return undefined;
    let earliest = Infinity;
    for (const id of this.slots.get(first)!) earliest = Math.min(earliest, this.entries.get(id)!.deadline);
    return earliest;
  }

  touch(id: string, deadline: number): void {
    const slot = Math.max(Math.floor(deadline / this.slotMs), this.cursor);
    const entry = this.entries.get(id);
    if (!entry) {
      this.entries.set(id, { deadline, slot });
      this.add(slot, id);
      return;
    }
    entry.deadline = deadline;
    if (entry.slot === slot) return;
    this.take(entry.slot, id);
    entry.slot = slot;
    this.add(slot, id);
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.take(entry.slot, id);
  }

  /** Removes and answers every id whose deadline is at or before now, earliest first. */
  popExpired(now: number): string[] {
    const last = Math.floor(now / this.slotMs);
    if (last < this.cursor) return [];
    const due: { id: string; deadline: number }[] = [];
    for (const slot of this.slotsUpTo(last)) {
      const ids = this.slots.get(slot)!;
      for (const id of ids) {
        const entry = this.entries.get(id)!;
        if (entry.deadline > now) continue;
        due.push({ id, deadline: entry.deadline });
        ids.delete(id);
        this.entries.delete(id);
      }
      if (ids.size === 0) this.slots.delete(slot);
    }
    this.cursor = last;
    return due.sort((a, b) => a.deadline - b.deadline).map((d) => d.id);
  }

  /** The non-empty slots from the cursor to `last`, in order: stepping slot by slot, or through the keys when time jumped far. */
  private slotsUpTo(last: number): number[] {
    if (last - this.cursor > this.slots.size) {
      return [...this.slots.keys()].filter((s) => s <= last).sort((a, b) => a - b);
    }
    const found: number[] = [];
    for (let s = this.cursor; s <= last; s++) if (this.slots.has(s)) found.push(s);
    return found;
  }

  private add(slot: number, id: string): void {
    const ids = this.slots.get(slot);
    if (ids) ids.add(id);
    else this.slots.set(slot, new Set([id]));
  }

  private take(slot: number, id: string): void {
    const ids = this.slots.get(slot);
    if (!ids) return;
    ids.delete(id);
    if (ids.size === 0) this.slots.delete(slot);
  }
}
