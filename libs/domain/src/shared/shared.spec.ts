import { neutraliseCell } from './csv-cell';
import { PrioritySemaphore } from './priority-semaphore';

describe(neutraliseCell.name, () => {
  it.each(["=cmd|' /C calc'!A0", '+1', '-1', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x")'])('should prefix %j with an apostrophe', (text) => {
    expect(neutraliseCell(text)).toBe(`'${text}`);
  });

  it('should leave other text as it is and write nothing for null', () => {
    expect(neutraliseCell('青岛 DVR = 1')).toBe('青岛 DVR = 1');
    expect(neutraliseCell(null)).toBe('');
    expect(neutraliseCell(undefined)).toBe('');
  });
});

describe(PrioritySemaphore.name, () => {
  /** A task that runs until the test lets it finish. */
  function gate(started: string[], name: string) {
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    return {
      task: () => {
        started.push(name);
        return done;
      },
      finish: () => finish(),
    };
  }

  it('should run at most `slots` tasks at once and start waiters lowest priority first, equal ones in order', async () => {
    const started: string[] = [];
    const semaphore = new PrioritySemaphore(1);
    const first = gate(started, 'first');
    const flood1 = gate(started, 'flood1');
    const flood2 = gate(started, 'flood2');
    const real = gate(started, 'real');
    const runs = [semaphore.run(0, first.task), semaphore.run(5, flood1.task), semaphore.run(5, flood2.task), semaphore.run(0, real.task)];
    await Promise.resolve();
    expect(started).toEqual(['first']);
    expect(semaphore.queued).toBe(3);
    for (const g of [first, real, flood1, flood2]) {
      g.finish();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(runs);
    expect(started).toEqual(['first', 'real', 'flood1', 'flood2']);
    expect(semaphore.queued).toBe(0);
  });

  it('should free the slot when a task fails', async () => {
    const semaphore = new PrioritySemaphore(1);
    await expect(semaphore.run(0, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(semaphore.run(0, async () => 'next')).resolves.toBe('next');
  });
});
