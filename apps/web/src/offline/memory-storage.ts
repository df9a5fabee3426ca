import type { QueuedWrite, QueueStorage } from './queue';

/** The queue kept in memory: where the browser has no IndexedDB, and in tests (one instance shared by two queues is a reload). */
export class MemoryQueueStorage implements QueueStorage {
  readonly rows = new Map<string, QueuedWrite>();

  async list(): Promise<QueuedWrite[]> {
    return [...this.rows.values()].map((w) => ({ ...w }));
  }

  async put(write: QueuedWrite): Promise<void> {
    this.rows.set(write.id, { ...write });
  }

  async remove(id: string): Promise<void> {
    this.rows.delete(id);
  }
}
