/** At most `slots` tasks run at once; waiting tasks start lowest priority number first, equal ones in arrival order. */
export class PrioritySemaphore {
  private running = 0;
  private readonly waiting: { priority: number; start: () => void }[] = [];

  constructor(private readonly slots: number) {}

  async run<T>(priority: number, task: () => Promise<T>): Promise<T> {
    if (this.running < this.slots) this.running += 1;
    else await new Promise<void>((start) => this.enqueue(priority, start));
    try {
      return await task();
    } finally {
      // the slot passes straight to the next waiter, or is freed
      const next = this.waiting.shift();
      if (next) next.start();
      else this.running -= 1;
    }
  }

  get queued(): number {
    return this.waiting.length;
  }

  private enqueue(priority: number, start: () => void): void {
    const waiter = { priority, start };
    const at = this.waiting.findIndex((w) => w.priority > priority);
    if (at === -1) this.waiting.push(waiter);
    else this.waiting.splice(at, 0, waiter);
  }
}
