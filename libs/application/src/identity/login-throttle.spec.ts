import type { VigilConfig } from '@vigil/config';
import { ManualClock } from '@vigil/domain';
import { TooManyAttemptsError } from '../errors';
import { LoginFailureRepository } from '../ports';
import { LoginThrottle } from './login-throttle';

/** The failures table in memory, as the database keeps it. */
class MemoryLoginFailures extends LoginFailureRepository {
  rows: { username: string; at: Date }[] = [];
  async record(username: string, at: Date): Promise<void> {
    this.rows.push({ username, at });
  }
  async newestSince(username: string, since: Date, limit: number): Promise<Date[]> {
    return this.rows
      .filter((r) => r.username === username && r.at > since)
      .map((r) => r.at)
      .sort((a, b) => b.getTime() - a.getTime())
      .slice(0, limit);
  }
  async clear(username: string): Promise<void> {
    this.rows = this.rows.filter((r) => r.username !== username);
  }
  async purgeThrough(cutoff: Date): Promise<number> {
    const before = this.rows.length;
    this.rows = this.rows.filter((r) => r.at > cutoff);
    return before - this.rows.length;
  }
}

describe(LoginThrottle.name, () => {
  let clock: ManualClock;
  let failures: MemoryLoginFailures;
  let throttle: LoginThrottle;

  beforeEach(() => {
    clock = new ManualClock();
    failures = new MemoryLoginFailures();
    throttle = new LoginThrottle(failures, clock, { loginFailuresPerAddress: 50 } as VigilConfig);
  });

  const wrong = () => Promise.resolve(false);
  const right = () => Promise.resolve(true);

  it('should refuse the 11th attempt for a name without checking the password, until the window has passed', async () => {
    for (let i = 0; i < 9; i += 1) expect(await throttle.attempt('alice', `10.0.0.${i}`, wrong)).toEqual({ ok: false, lockedNow: false });
    expect(await throttle.attempt('alice', '10.0.0.9', wrong)).toEqual({ ok: false, lockedNow: true });
    const check = jest.fn(right);
    await expect(throttle.attempt('alice', '10.0.0.10', check)).rejects.toMatchObject({ retryAfterSec: 900 });
    expect(check).not.toHaveBeenCalled();
    expect(await throttle.attempt('bob', '10.0.0.10', right)).toEqual({ ok: true, lockedNow: false });
    clock.advance(15 * 60_000);
    expect(await throttle.attempt('alice', '10.0.0.10', check)).toEqual({ ok: true, lockedNow: false });
    expect(failures.rows).toHaveLength(0);
  });

  it('should let only as many checks of a burst run as the name has failures left', async () => {
    let checks = 0;
    const slowWrong = async () => {
      checks += 1;
      await new Promise((resolve) => setImmediate(resolve));
      return false;
    };
    const outcomes = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => throttle.attempt('alice', `10.0.1.${i}`, slowWrong)));
    expect(checks).toBe(10);
    expect(outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof TooManyAttemptsError)).toHaveLength(20);
    expect(failures.rows).toHaveLength(10);
  });

  it('should refuse an address after its 50 failures, whatever the names, and not another address', async () => {
    for (let i = 0; i < 50; i += 1) await throttle.attempt(`name-${i}`, '192.0.2.1', wrong);
    await expect(throttle.attempt('carol', '192.0.2.1', right)).rejects.toThrow('too many failed logins from this address');
    expect(await throttle.attempt('carol', '192.0.2.2', right)).toMatchObject({ ok: true });
  });

  it('should run checks of addresses with fewer failures first', async () => {
    for (let i = 0; i < 5; i += 1) await throttle.attempt(`spray-${i}`, '192.0.2.9', wrong);
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = throttle.attempt('first', '192.0.2.50', async () => {
      await held;
      return true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    const flood = throttle.attempt('flood', '192.0.2.9', async () => {
      order.push('flood');
      return false;
    });
    await new Promise((resolve) => setImmediate(resolve));
    const real = throttle.attempt('real', '192.0.2.77', async () => {
      order.push('real');
      return true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await Promise.all([first, flood, real]);
    expect(order).toEqual(['real', 'flood']);
  });
});
