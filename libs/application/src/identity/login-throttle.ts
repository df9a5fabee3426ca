import { Inject, Injectable, Logger } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { LOGIN_FAILURES_PER_NAME, LOGIN_WINDOW_MS, PrioritySemaphore, retryAfterSec, SlidingFailures } from '@vigil/domain';
import { TooManyAttemptsError } from '../errors';
import { ClockPort, LoginFailureRepository } from '../ports';

/**
 * Password checks running at once in this process. One argon2 check (64 MiB, 4 lanes) already keeps
 * every core busy, so one at a time costs little throughput and lets a real login start soonest.
 */
const PASSWORD_CHECKS_AT_ONCE = 1;
const PURGE_EVERY_MS = 60_000;

export interface LoginAttempt {
  ok: boolean;
  /** This failure was the name's last allowed one: its attempts are refused from now on. */
  lockedNow: boolean;
}

/**
 * Decides, before any password is hashed, whether a login may be tried: a user name with 10 failures
 * in 15 minutes waits (counted in the database, so every console process agrees), and so does a
 * client address with too many failures (counted in this process). Checks admitted, not yet finished,
 * count as failures until they finish, so a burst cannot slip past either limit. The checks run a few
 * at a time, those of addresses with fewer failures first: a flood cannot starve a real login.
 */
@Injectable()
export class LoginThrottle {
  private readonly logger = new Logger(LoginThrottle.name);
  private readonly byAddress: SlidingFailures = new SlidingFailures(LOGIN_WINDOW_MS);
  private readonly inFlight = new Map<string, number>();
  private readonly checks = new PrioritySemaphore(PASSWORD_CHECKS_AT_ONCE);
  private lastPurge = 0;

  constructor(
    private readonly failures: LoginFailureRepository,
    private readonly clock: ClockPort,
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
  ) {}

  /** Runs `check` (the password comparison) unless the name or the address must wait (TooManyAttemptsError). */
  async attempt(username: string, address: string, check: () => Promise<boolean>): Promise<LoginAttempt> {
    const addressKey = `address:${address}`;
    const nameKey = `name:${username}`;
    const addressFailures = this.byAddress.recent(address, this.clock.now());
    this.admit(addressKey, addressFailures, this.config.loginFailuresPerAddress, 'too many failed logins from this address');
    try {
      const now = this.clock.now();
      const nameFailures = await this.failures.newestSince(username, new Date(now.getTime() - LOGIN_WINDOW_MS), LOGIN_FAILURES_PER_NAME);
      this.admit(nameKey, nameFailures, LOGIN_FAILURES_PER_NAME, 'too many failed logins for this user name');
      try {
        const ok = await this.checks.run(addressFailures.length + this.count(addressKey), check);
        if (ok) {
          if (nameFailures.length > 0) await this.failures.clear(username);
          return { ok, lockedNow: false };
        }
        const at = this.clock.now();
        this.byAddress.record(address, at);
        await this.failures.record(username, at);
        return { ok, lockedNow: nameFailures.length + 1 === LOGIN_FAILURES_PER_NAME };
      } finally {
        this.release(nameKey);
      }
    } finally {
      this.release(addressKey);
      this.purgeNowAndThen();
    }
  }

  /** Refuses when failures plus checks still running reach the limit; otherwise counts this one as running. */
  private admit(key: string, newestFirst: Date[], limit: number, reason: string): void {
    const running = this.count(key);
    if (newestFirst.length + running >= limit) {
      // With only running checks in the way, a second will do: they finish within it or fail and count.
      const wait = newestFirst.length >= limit ? retryAfterSec(newestFirst, limit, this.clock.now(), LOGIN_WINDOW_MS) : 1;
      throw new TooManyAttemptsError(wait, `${reason}; try again in ${wait} s`);
    }
    this.inFlight.set(key, running + 1);
  }

  private count(key: string): number {
    return this.inFlight.get(key) ?? 0;
  }

  private release(key: string): void {
    const left = this.count(key) - 1;
    if (left > 0) this.inFlight.set(key, left);
    else this.inFlight.delete(key);
  }

  /** Failures that no longer count are forgotten, in memory and in the database, about once a minute. */
  private purgeNowAndThen(): void {
    const now = this.clock.now();
    if (now.getTime() - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now.getTime();
    this.byAddress.prune(now);
    this.failures.purgeThrough(new Date(now.getTime() - LOGIN_WINDOW_MS)).catch((err: unknown) => this.logger.warn(`purging old login failures: ${(err as Error).message}`));
  }
}
