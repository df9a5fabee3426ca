import { ManualClock } from '../shared/clock';
import { LOGIN_FAILURES_PER_NAME, LOGIN_WINDOW_MS, retryAfterSec, SlidingFailures } from './login-throttle';
import { MIN_PASSWORD_LENGTH, passwordProblem } from './password-policy';

describe(passwordProblem.name, () => {
  it('should refuse a password shorter than the minimum, naming the length', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(10);
    expect(passwordProblem('12345678')).toBe('must be at least 10 characters');
    expect(passwordProblem('x7#kq!m2z')).toBe('must be at least 10 characters');
  });

  it('should refuse the shipped common passwords whatever their case', () => {
    for (const common of ['1234567890', 'qwertyuiop', 'Password123', 'BASKETBALL']) {
      expect(passwordProblem(common)).toBe('is one of the most common passwords; choose another');
    }
  });

  it('should accept a long uncommon password', () => {
    expect(passwordProblem('patrol-Qingdao-2026!')).toBeNull();
    expect(passwordProblem('password-123')).toBeNull();
  });
});

describe(retryAfterSec.name, () => {
  const now = new Date('2026-11-22T10:00:00.000Z');
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

  it('should let a name with fewer failures than the limit try now', () => {
    expect(
      retryAfterSec(
        Array.from({ length: LOGIN_FAILURES_PER_NAME - 1 }, (_, i) => minutesAgo(i)),
        LOGIN_FAILURES_PER_NAME,
        now,
      ),
    ).toBe(0);
  });

  it('should wait until the limit-th newest failure leaves the window', () => {
    // failures 0..11 minutes ago, newest first: the 10th newest is 9 minutes old, 6 minutes to go
    const failures = Array.from({ length: 12 }, (_, i) => minutesAgo(i));
    expect(retryAfterSec(failures, LOGIN_FAILURES_PER_NAME, now)).toBe(6 * 60);
  });

  it('should answer at least one second', () => {
    const failures = Array.from({ length: 10 }, () => new Date(now.getTime() - LOGIN_WINDOW_MS + 10));
    expect(retryAfterSec(failures, 10, now)).toBe(1);
  });
});

describe(SlidingFailures.name, () => {
  it("should count a key's failures inside the window, newest first, and forget the rest", () => {
    const clock = new ManualClock();
    const window = new SlidingFailures(60_000);
    window.record('10.0.0.1', clock.now());
    clock.advance(30_000);
    window.record('10.0.0.1', clock.now());
    window.record('10.0.0.2', clock.now());
    expect(window.recent('10.0.0.1', clock.now()).map((d) => d.getTime())).toEqual([clock.now().getTime(), clock.now().getTime() - 30_000]);
    clock.advance(30_000);
    expect(window.recent('10.0.0.1', clock.now())).toHaveLength(1);
    clock.advance(30_000);
    window.prune(clock.now());
    expect(window.size).toBe(0);
  });
});
