import type { QueuedWrite, QueueStorage } from './queue';

const DATABASE = 'vigil-field';
const STORE = 'writes';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * The queue in IndexedDB: it survives a reload, a closed tab and a phone that restarts the browser, and it
 * keeps photos as Blobs (localStorage holds only text, about 5 MB in all).
 */
export class IndexedDbQueueStorage implements QueueStorage {
  private db: Promise<IDBDatabase> | null = null;

  constructor(private readonly name = DATABASE) {}

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(this.name, 1);
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'id' });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    return this.db;
  }

  /** A change is kept once its transaction has completed, not merely when its request succeeded. */
  private async write(change: (store: IDBObjectStore) => void): Promise<void> {
    const tx = (await this.open()).transaction(STORE, 'readwrite');
    change(tx.objectStore(STORE));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }

  async list(): Promise<QueuedWrite[]> {
    const store = (await this.open()).transaction(STORE, 'readonly').objectStore(STORE);
    return request(store.getAll() as IDBRequest<QueuedWrite[]>);
  }

  put(write: QueuedWrite): Promise<void> {
    return this.write((store) => store.put(write));
  }

  remove(id: string): Promise<void> {
    return this.write((store) => store.delete(id));
  }
}

export const hasIndexedDb = (): boolean => typeof indexedDB !== 'undefined';
