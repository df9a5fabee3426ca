import { Injectable } from '@nestjs/common';
import { ClockPort, GatewayRepository } from '../ports';
import { verifyDeviceSecret } from '../devices/device-secret';

/** How long a gateway's devices are trusted without a notice; a change's notice ends it at once, this bounds a lost one. */
const TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;
const NONE: ReadonlySet<string> = new Set();

interface Entry {
  hash: string | null;
  devices: ReadonlySet<string>;
  until: number;
}

/**
 * Gateway logins and publish rights for the brokers ([15]): each gateway's hash and device set held in memory, so a
 * gateway's heartbeats cost a map lookup. Refreshed by the notice of a change (`forget`) and after TTL_MS.
 */
@Injectable()
export class GatewayAccessCache {
  private readonly cache = new Map<string, Entry>();
  private epoch = 0;

  constructor(
    private readonly gateways: GatewayRepository,
    private readonly clock: ClockPort,
  ) {}

  /** Whether this is the gateway's secret; a login always reads the database (gateways log in rarely, and a new secret counts at once). */
  async verify(gatewayId: string, secret: string): Promise<boolean> {
    const entry = await this.read(gatewayId);
    return entry.hash !== null && verifyDeviceSecret(secret, entry.hash);
  }

  /** The devices assigned now, if known without a read (the hot path of every publish); undefined: ask devicesOf. */
  knownDevicesOf(gatewayId: string): ReadonlySet<string> | undefined {
    const cached = this.cache.get(gatewayId);
    return cached && cached.until > this.clock.now().getTime() ? cached.devices : undefined;
  }

  async devicesOf(gatewayId: string): Promise<ReadonlySet<string>> {
    return this.knownDevicesOf(gatewayId) ?? (await this.read(gatewayId)).devices;
  }

  /** These gateways changed (secret, devices, deleted): read them again at their next use. */
  forget(gatewayIds: readonly string[]): void {
    this.epoch += 1;
    for (const id of gatewayIds) this.cache.delete(id);
  }

  private async read(gatewayId: string): Promise<Entry> {
    const epoch = this.epoch;
    const access = await this.gateways.findAccess(gatewayId);
    const entry = { hash: access?.hash ?? null, devices: access ? new Set(access.deviceIds) : NONE, until: this.clock.now().getTime() + TTL_MS };
    if (epoch === this.epoch) {
      if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
      this.cache.set(gatewayId, entry);
    }
    return entry;
  }
}
