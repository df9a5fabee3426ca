import { Injectable } from '@nestjs/common';
import { ClockPort, DeviceSecretRepository } from '../ports';
import { verifyDeviceSecret } from './device-secret';

/** How long a looked-up hash is trusted; a rotation's notice ends it at once, this bounds a lost notice. */
const TTL_MS = 30_000;
/** A cached hash that refuses a login is read again, at most this often per device: a rotation whose notice is late. */
const RECHECK_MS = 1000;
/** A bound on remembered ids, so strangers trying random names cannot grow the cache without end. */
const MAX_ENTRIES = 200_000;

/**
 * Checks device logins for the embedded broker. Hashes (and "no secret") are cached for a short while, so a
 * city's devices reconnecting after a restart cost one database read each, not one per attempt.
 */
@Injectable()
export class DeviceSecretVerifier {
  private readonly cache = new Map<string, { hash: string | null; until: number; recheckedAt: number | null }>();
  /** Bumped by every forget(), so a read that raced a rotation is not cached. */
  private epoch = 0;

  constructor(
    private readonly secrets: DeviceSecretRepository,
    private readonly clock: ClockPort,
  ) {}

  async verify(deviceId: string, secret: string): Promise<boolean> {
    const now = this.clock.now().getTime();
    const cached = this.cache.get(deviceId);
    if (cached && cached.until > now) {
      if (cached.hash !== null && verifyDeviceSecret(secret, cached.hash)) return true;
      // refused by what is remembered: a secret issued a moment ago may not have reached this process's notice yet
      if (cached.recheckedAt !== null && now - cached.recheckedAt < RECHECK_MS) return false;
    }
    const entry = await this.read(deviceId, now, cached && cached.until > now ? now : null);
    return entry.hash !== null && verifyDeviceSecret(secret, entry.hash);
  }

  private async read(deviceId: string, now: number, recheckedAt: number | null): Promise<{ hash: string | null; until: number; recheckedAt: number | null }> {
    const epoch = this.epoch;
    const entry = { hash: await this.secrets.findHash(deviceId), until: now + TTL_MS, recheckedAt };
    if (epoch === this.epoch) {
      if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
      this.cache.set(deviceId, entry);
    }
    return entry;
  }

  /** These devices' secrets changed (issued, rotated, removed): read them again. */
  forget(deviceIds: readonly string[]): void {
    this.epoch += 1;
    for (const id of deviceIds) this.cache.delete(id);
  }
}
