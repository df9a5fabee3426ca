import { strictFake } from '../../../../test/support/strict-fake';
import { hashDeviceSecret } from '../devices/device-secret';
import { ClockPort, GatewayRepository, KeyStore, type GatewayAccess } from '../ports';
import { GatewayAccessCache } from './gateway-access';
import { ManagementCipher } from './management-cipher';

class ManualClock extends ClockPort {
  at = new Date('2026-12-01T00:00:00Z');
  now(): Date {
    return this.at;
  }
}

/** Only what the cache reads: each gateway's access, counting reads. */
function gatewaysOf(access: Map<string, GatewayAccess>): { repo: GatewayRepository; reads: () => number } {
  let reads = 0;
  const repo = strictFake<GatewayRepository>('gateways', {
    findAccess: async (id: string) => {
      reads += 1;
      return access.get(id) ?? null;
    },
  });
  return { repo, reads: () => reads };
}

describe(GatewayAccessCache.name, () => {
  const access = new Map<string, GatewayAccess>();
  let clock: ManualClock;
  let reads: () => number;
  let cache: GatewayAccessCache;

  beforeEach(() => {
    access.clear();
    access.set('GW-1', { hash: hashDeviceSecret('s3cret'), deviceIds: ['CAM-1'] });
    clock = new ManualClock();
    const fake = gatewaysOf(access);
    reads = fake.reads;
    cache = new GatewayAccessCache(fake.repo, clock);
  });

  it('should check the secret against the stored hash, and refuse an unknown gateway', async () => {
    expect(await cache.verify('GW-1', 's3cret')).toBe(true);
    expect(await cache.verify('GW-1', 'wrong')).toBe(false);
    expect(await cache.verify('GW-2', 's3cret')).toBe(false);
  });

  it('should hold the devices in memory after a read, until forgotten or a minute has passed', async () => {
    expect(cache.knownDevicesOf('GW-1')).toBeUndefined();
    expect([...(await cache.devicesOf('GW-1'))]).toEqual(['CAM-1']);
    expect([...cache.knownDevicesOf('GW-1')!]).toEqual(['CAM-1']);
    access.set('GW-1', { hash: null, deviceIds: ['CAM-2'] });
    expect([...(await cache.devicesOf('GW-1'))]).toEqual(['CAM-1']);
    expect(reads()).toBe(1);
    cache.forget(['GW-1']);
    expect([...(await cache.devicesOf('GW-1'))]).toEqual(['CAM-2']);
    access.set('GW-1', { hash: null, deviceIds: [] });
    clock.at = new Date(clock.at.getTime() + 61_000);
    expect(cache.knownDevicesOf('GW-1')).toBeUndefined();
    expect([...(await cache.devicesOf('GW-1'))]).toEqual([]);
  });
});

describe(ManagementCipher.name, () => {
  const keys = strictFake<KeyStore>('keys', { key: async () => 'a-management-key-of-at-least-32-characters' });

  it('should seal credentials so the text shows no secret, and open them again', async () => {
    const cipher = new ManagementCipher(keys);
    const sealed = await cipher.seal({ username: 'admin', password: 'Hik-12345' });
    expect(sealed).not.toContain('Hik-12345');
    expect(sealed).not.toContain('admin');
    expect(await cipher.open(sealed)).toEqual({ username: 'admin', password: 'Hik-12345' });
  });

  it('should refuse what another key sealed, or a tampered text', async () => {
    const sealed = await new ManagementCipher(keys).seal({ password: 'x' });
    const other = new ManagementCipher(strictFake<KeyStore>('keys', { key: async () => 'another-key-of-at-least-32-characters!!' }));
    await expect(other.open(sealed)).rejects.toThrow();
    const parts = sealed.split('.');
    parts[3] = `${parts[3].slice(0, -2)}AA`;
    await expect(new ManagementCipher(keys).open(parts.join('.'))).rejects.toThrow();
  });
});
