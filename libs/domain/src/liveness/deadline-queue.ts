/**
 * Deadlines keyed by id in a binary min-heap with a position index: touch, remove and pop are
 * O(log n), the next deadline O(1). Ingest never scans every device to find the silent ones.
 */
export class DeadlineQueue {
  private readonly ids: string[] = [];
  private readonly deadlines: number[] = [];
  private readonly position = new Map<string, number>();

  get size(): number {
    return this.ids.length;
  }

  has(id: string): boolean {
    return this.position.has(id);
  }

  deadlineOf(id: string): number | undefined {
    const i = this.position.get(id);
    return i === undefined ? undefined : this.deadlines[i];
  }

  nextDeadline(): number | undefined {
    return this.deadlines[0];
  }

  touch(id: string, deadline: number): void {
    const i = this.position.get(id);
    if (i === undefined) {
      this.ids.push(id);
      this.deadlines.push(deadline);
      this.position.set(id, this.ids.length - 1);
      this.up(this.ids.length - 1);
      return;
    }
    const old = this.deadlines[i];
    this.deadlines[i] = deadline;
    if (deadline < old) this.up(i);
    else this.down(i);
  }

  remove(id: string): void {
    const i = this.position.get(id);
    if (i === undefined) return;
    this.swap(i, this.ids.length - 1);
    this.ids.pop();
    this.deadlines.pop();
    this.position.delete(id);
    if (i < this.ids.length) {
      this.up(i);
      this.down(i);
    }
  }

  /** Removes and answers every id whose deadline is at or before now, earliest first. */
  popExpired(now: number): string[] {
    const expired: string[] = [];
    while (this.ids.length > 0 && this.deadlines[0] <= now) {
      const id = this.ids[0];
      expired.push(id);
      this.remove(id);
    }
    return expired;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.deadlines[parent] <= this.deadlines[i]) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.ids.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      if (l < n && this.deadlines[l] < this.deadlines[smallest]) smallest = l;
      if (r < n && this.deadlines[r] < this.deadlines[smallest]) smallest = r;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private swap(a: number, b: number): void {
    if (a === b) return;
    [this.ids[a], this.ids[b]] = [this.ids[b], this.ids[a]];
    [this.deadlines[a], this.deadlines[b]] = [this.deadlines[b], this.deadlines[a]];
    this.position.set(this.ids[a], a);
    this.position.set(this.ids[b], b);
  }
}
