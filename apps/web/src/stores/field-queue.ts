import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import { api } from '@web/api/http';
import { errorText } from '@web/i18n/errors';
import { hasIndexedDb, IndexedDbQueueStorage } from '@web/offline/idb-storage';
import { MemoryQueueStorage } from '@web/offline/memory-storage';
import { OfflineQueue, type FlushResult, type NewWrite, type QueuedWrite, type QueueStorage } from '@web/offline/queue';
import { classifyFailure, sendWrite } from '@web/offline/transport';
import { useSession } from './session';

type SentListener = (write: QueuedWrite, answer: unknown) => void;

/** One sender per browser, whichever tab: Web Locks where the browser has them (all current ones do). */
function exclusive<T>(run: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? (locks.request('vigil-field-queue', run) as Promise<T>) : run();
}

/**
 * The field app's queue of writes as the pages see it: what waits, what is being sent, what the server
 * refused. It sends on every write, when the network comes back, when the tab is shown again, after a
 * sign-in, and on a timer with back-off while something waits.
 */
export const useFieldQueue = defineStore('field-queue', () => {
  const session = useSession();
  const writes = shallowRef<QueuedWrite[]>([]);
  const sending = ref<string | null>(null);
  const paused = ref(false);
  const lastSentAt = ref<number | null>(null);
  const listeners = new Set<SentListener>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let started = false;

  const storage: QueueStorage = hasIndexedDb() ? new IndexedDbQueueStorage() : new MemoryQueueStorage();
  const queue = new OfflineQueue({
    storage,
    transport: sendWrite,
    classify: classifyFailure,
    describe: errorText,
    owner: () => session.me?.username ?? null,
    exclusive,
    onSent: (write, answer) => {
      lastSentAt.value = Date.now();
      for (const listener of listeners) listener(write, answer);
    },
    onChange: (all) => {
      writes.value = all;
      sending.value = queue.sending;
    },
  });

  const mine = computed(() => writes.value.filter((w) => w.owner === session.me?.username));
  const waiting = computed(() => mine.value.filter((w) => !w.failed));
  const refused = computed(() => mine.value.filter((w) => w.failed));

  function schedule(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    const at = queue.nextAttemptAt();
    if (at === null) return;
    timer = setTimeout(() => void flush(), Math.max(500, at - Date.now()));
  }

  async function flush(force = false): Promise<FlushResult> {
    const result = await queue.flush({ force }).catch(() => 'waiting' as const);
    paused.value = result === 'paused';
    schedule();
    return result;
  }

  /** Queues a write of the person signed in and tries to send it at once. */
  async function add(write: Omit<NewWrite, 'owner'>, options: { replaces?: boolean } = {}): Promise<QueuedWrite> {
    const owner = session.me?.username;
    if (!owner) throw new Error('not signed in');
    const queued = await queue.enqueue({ ...write, owner }, options);
    void flush();
    return queued;
  }

  const dismiss = (id: string): Promise<void> => queue.dismiss(id);

  function onSent(listener: SentListener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /**
   * The service worker keeps who is signed in for a reload without signal; on the visit that installed it
   * the page asked before it was there, so it is asked once more through it.
   */
  function keepSessionForOffline(): void {
    const sw = typeof navigator !== 'undefined' ? navigator.serviceWorker : undefined;
    if (!sw || sw.controller) return;
    sw.addEventListener('controllerchange', () => void api.GET('/api/auth/me').catch(() => undefined), { once: true });
  }

  /** Once per page load: read what a previous visit left and start sending it. */
  function start(): void {
    if (started) return;
    started = true;
    keepSessionForOffline();
    void queue.load().then(() => flush());
    window.addEventListener('online', () => void flush(true));
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void flush(true);
    });
    watch(
      () => session.me?.username,
      (username) => {
        if (!username) return;
        queue.resume();
        void flush(true);
      },
    );
  }

  return { writes, mine, waiting, refused, sending, paused, lastSentAt, add, flush, dismiss, onSent, start };
});
