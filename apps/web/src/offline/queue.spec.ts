import { describe, expect, it } from 'vitest';
import { ApiError } from '@web/api/http';
import { MemoryQueueStorage } from './memory-storage';
import { OfflineQueue, type NewWrite, type QueuedWrite } from './queue';
import { classifyFailure } from './transport';

/**
 * The server as the queue meets it: each Idempotency-Key is done once and its answer replayed after; the
 * network can be down, or drop an answer after the server has done the work.
 */
class FakeServer {
  online = true;
  /** The next answer is lost on the way back (the work is done). */
  loseNextAnswer = false;
  /** Refuse these paths with this error. */
  refuse = new Map<string, ApiError>();
  readonly done: { key: string; path: string }[] = [];
  readonly attempts: { key: string; path: string }[] = [];
  private readonly answers = new Map<string, unknown>();
  private running = 0;
  maxConcurrent = 0;

  readonly transport = async (w: QueuedWrite): Promise<unknown> => {
    this.running += 1;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.running);
    try {
      await Promise.resolve();
      this.attempts.push({ key: w.key, path: w.path });
      if (!this.online) throw new TypeError('Failed to fetch');
      const refused = this.refuse.get(w.path);
      if (refused) throw refused;
      if (!this.answers.has(w.key)) {
        this.done.push({ key: w.key, path: w.path });
        this.answers.set(w.key, { ok: w.path });
      }
      if (this.loseNextAnswer) {
        this.loseNextAnswer = false;
        throw new TypeError('network changed');
      }
      return this.answers.get(w.key);
    } finally {
      this.running -= 1;
    }
  };
}

const line = (lineKey: string, value: number): NewWrite => ({
  kind: 'patrol.line',
  owner: 'eng',
  method: 'PUT',
  path: `/api/patrols/p1/lines/${lineKey}`,
  body: { kind: 'json', data: { value } },
  subject: { patrolId: 'p1', lineKey },
});
const submit: NewWrite = { kind: 'patrol.submit', owner: 'eng', method: 'POST', path: '/api/patrols/p1/submit', body: { kind: 'none' }, subject: { patrolId: 'p1' } };

function setUp(options: { storage?: MemoryQueueStorage; owner?: string | null } = {}) {
  const server = new FakeServer();
  const storage = options.storage ?? new MemoryQueueStorage();
  let clock = 1_000_000;
  const sent: QueuedWrite[] = [];
  const failed: QueuedWrite[] = [];
  const queue = new OfflineQueue({
    storage,
    transport: server.transport,
    classify: classifyFailure,
    owner: () => (options.owner === undefined ? 'eng' : options.owner),
    now: () => clock,
    onSent: (w) => sent.push(w),
    onFailed: (w) => failed.push(w),
  });
  return { server, storage, queue, sent, failed, advance: (ms: number) => (clock += ms) };
}

describe(OfflineQueue.name, () => {
  it('should send the writes in the order they were queued, each with a key of its own', async () => {
    const { server, queue } = setUp();
    await queue.enqueue(line('a', 1));
    await queue.enqueue(line('b', 2));
    await queue.enqueue(submit);
    expect(await queue.flush()).toBe('empty');
    expect(server.done.map((d) => d.path)).toEqual(['/api/patrols/p1/lines/a', '/api/patrols/p1/lines/b', '/api/patrols/p1/submit']);
    expect(new Set(server.done.map((d) => d.key)).size).toBe(3);
    expect(queue.all).toEqual([]);
  });

  it('should keep everything while offline, let nothing overtake the first, and send each once with the same key when back', async () => {
    const { server, queue, advance } = setUp();
    server.online = false;
    const a = await queue.enqueue(line('a', 1));
    await queue.enqueue(line('b', 2));
    await queue.enqueue(submit);
    expect(await queue.flush()).toBe('waiting');
    // the first failed: nothing after it was tried, the submit never goes before the lines
    expect(server.attempts.map((x) => x.path)).toEqual(['/api/patrols/p1/lines/a']);
    expect(queue.all.map((w) => w.attempts)).toEqual([1, 0, 0]);
    // within the back-off nothing is sent again
    expect(await queue.flush()).toBe('waiting');
    expect(server.attempts).toHaveLength(1);
    advance(60_000);
    await queue.flush();
    expect(server.attempts).toHaveLength(2);
    expect(server.attempts[1].key).toBe(a.key);

    server.online = true;
    expect(await queue.flush({ force: true })).toBe('empty');
    expect(server.done.map((d) => d.path)).toEqual(['/api/patrols/p1/lines/a', '/api/patrols/p1/lines/b', '/api/patrols/p1/submit']);
    expect(server.attempts.filter((x) => x.path.endsWith('/lines/a')).map((x) => x.key)).toEqual([a.key, a.key, a.key]);
  });

  it('should send a write whose answer was lost again with the same key, and the server does it once', async () => {
    const { server, queue, sent } = setUp();
    const w = await queue.enqueue(line('a', 1));
    server.loseNextAnswer = true;
    expect(await queue.flush()).toBe('waiting');
    expect(queue.all).toHaveLength(1);
    expect(await queue.flush({ force: true })).toBe('empty');
    expect(server.attempts.map((x) => x.key)).toEqual([w.key, w.key]);
    expect(server.done).toHaveLength(1);
    expect(sent.map((s) => s.id)).toEqual([w.id]);
  });

  it('should not send a write twice when asked to flush many times at once', async () => {
    const { server, queue } = setUp();
    await queue.enqueue(line('a', 1));
    await queue.enqueue(line('b', 2));
    await Promise.all([queue.flush(), queue.flush(), queue.flush({ force: true }), queue.flush()]);
    expect(server.attempts.map((x) => x.path)).toEqual(['/api/patrols/p1/lines/a', '/api/patrols/p1/lines/b']);
    expect(server.maxConcurrent).toBe(1);
  });

  it('should send what was queued while it was sending in the same run', async () => {
    const { server, queue } = setUp();
    await queue.enqueue(line('a', 1));
    const running = queue.flush();
    await queue.enqueue(line('b', 2));
    void queue.flush();
    expect(await running).toBe('empty');
    expect(server.done.map((d) => d.path)).toEqual(['/api/patrols/p1/lines/a', '/api/patrols/p1/lines/b']);
  });

  it('should keep the queue across a reload and send it with the keys it was given', async () => {
    const storage = new MemoryQueueStorage();
    const before = setUp({ storage });
    before.server.online = false;
    const queued = [await before.queue.enqueue(line('a', 1)), await before.queue.enqueue(submit)];
    await before.queue.flush();

    // the page is loaded again: a new queue over the same storage
    const after = setUp({ storage });
    await after.queue.load();
    expect(after.queue.all.map((w) => [w.path, w.key])).toEqual(queued.map((w) => [w.path, w.key]));
    expect(await after.queue.flush({ force: true })).toBe('empty');
    expect(after.server.done.map((d) => d.key)).toEqual(queued.map((w) => w.key));
    expect(storage.rows.size).toBe(0);
  });

  it('should keep a refused write for the person to read, go on with the next, and drop it when dismissed', async () => {
    const { server, queue, failed } = setUp();
    server.refuse.set('/api/patrols/p1/lines/a', new ApiError(400, 'Switch temperature needs a number value', 'outcome'));
    const bad = await queue.enqueue(line('a', 1));
    await queue.enqueue(line('b', 2));
    expect(await queue.flush()).toBe('empty');
    expect(server.done.map((d) => d.path)).toEqual(['/api/patrols/p1/lines/b']);
    expect(failed.map((f) => f.id)).toEqual([bad.id]);
    expect(queue.all).toMatchObject([{ id: bad.id, failed: true, attempts: 1 }]);
    // a refused write is never sent again
    await queue.flush({ force: true });
    expect(server.attempts.filter((x) => x.key === bad.key)).toHaveLength(1);
    await queue.dismiss(bad.id);
    expect(queue.all).toEqual([]);
  });

  it('should try again on a busy server and a key still being processed, and wait for sign-in on a 401', async () => {
    const { server, queue } = setUp();
    await queue.enqueue(line('a', 1));
    server.refuse.set('/api/patrols/p1/lines/a', new ApiError(409, 'a request with Idempotency-Key k is still being processed; send it again once that one has answered'));
    expect(await queue.flush()).toBe('waiting');
    server.refuse.set('/api/patrols/p1/lines/a', new ApiError(503, 'Service Unavailable'));
    expect(await queue.flush({ force: true })).toBe('waiting');
    server.refuse.set('/api/patrols/p1/lines/a', new ApiError(401, 'Unauthorized'));
    expect(await queue.flush({ force: true })).toBe('paused');
    expect(queue.all).toMatchObject([{ failed: false, attempts: 2 }]);
    server.refuse.clear();
    // paused until signed in again
    expect(await queue.flush()).toBe('paused');
    queue.resume();
    expect(await queue.flush()).toBe('empty');
    expect(server.done).toHaveLength(1);
  });

  it('should send only the writes of whoever is signed in', async () => {
    const storage = new MemoryQueueStorage();
    const someoneElse = setUp({ storage, owner: 'eng2' });
    await someoneElse.queue.enqueue({ ...line('a', 1), owner: 'eng' });
    expect(await someoneElse.queue.flush()).toBe('empty');
    expect(someoneElse.server.attempts).toEqual([]);
    const nobody = setUp({ storage, owner: null });
    expect(await nobody.queue.flush()).toBe('paused');
    const owner = setUp({ storage });
    expect(await owner.queue.flush()).toBe('empty');
    expect(owner.server.done).toHaveLength(1);
  });

  it("should replace a line's value that was never tried, and leave one that may have reached the server", async () => {
    const { server, queue } = setUp();
    server.online = false;
    const first = await queue.enqueue(line('a', 1), { replaces: true });
    await queue.enqueue(line('a', 2), { replaces: true });
    expect(queue.all.map((w) => (w.body as { data: { value: number } }).data.value)).toEqual([2]);
    await queue.flush();
    const third = await queue.enqueue(line('a', 3), { replaces: true });
    expect(queue.all.map((w) => (w.body as { data: { value: number } }).data.value)).toEqual([2, 3]);
    expect(queue.all[1].id).toBe(third.id);
    expect(queue.all.some((w) => w.id === first.id)).toBe(false);
    server.online = true;
    await queue.flush({ force: true });
    expect(server.done.map((d) => d.path)).toEqual(['/api/patrols/p1/lines/a', '/api/patrols/p1/lines/a']);
  });
});
