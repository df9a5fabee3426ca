import { ClockPort, DeviceSecretRepository, type StoredDeviceSecret } from '../ports';
import { generateDeviceSecret, hashDeviceSecret } from './device-secret';
import { DeviceSecretVerifier } from './device-secret-verifier';

class ManualClock extends ClockPort {
  at = new Date('2026-12-01T00:00:00Z');
  now(): Date {
    return this.at;
  }
}

/** The repository as a map, counting reads. */
class MemorySecrets extends DeviceSecretRepository {
  readonly hashes = new Map<string, string>();
  reads = 0;
  async findHash(deviceId: string): Promise<string | null> {
    this.reads += 1;
    return this.hashes.get(deviceId) ?? null;
  }
  async put(secrets: StoredDeviceSecret[]): Promise<void> {
    for (const s of secrets) this.hashes.set(s.deviceId, s.hash);
  }
  async remove(deviceId: string): Promise<void> {
    this.hashes.delete(deviceId);
  }
  async withSecret(deviceIds: string[]): Promise<Set<string>> {
    return new Set(deviceIds.filter((id) => this.hashes.has(id)));
  }
}

describe(DeviceSecretVerifier.name, () => {
  const secret = generateDeviceSecret();
  let secrets: MemorySecrets;
  let clock: ManualClock;
  let verifier: DeviceSecretVerifier;

  beforeEach(() => {
    secrets = new MemorySecrets();
    secrets.hashes.set('DVR-1', hashDeviceSecret(secret));
    clock = new ManualClock();
    verifier = new DeviceSecretVerifier(secrets, clock);
  });

  it('should check a login against the stored hash, reading it once per 30 s', async () => {
    expect(await verifier.verify('DVR-1', secret)).toBe(true);
    expect(await verifier.verify('DVR-1', secret)).toBe(true);
    expect(await verifier.verify('NOBODY', secret)).toBe(false);
    // "no secret" remembered refuses too, and is read again once (a first secret may just have been issued), then not within the second
    expect(await verifier.verify('NOBODY', secret)).toBe(false);
    expect(await verifier.verify('NOBODY', secret)).toBe(false);
    expect(secrets.reads).toBe(3);
    clock.at = new Date(clock.at.getTime() + 30_000);
    expect(await verifier.verify('DVR-1', secret)).toBe(true);
    expect(secrets.reads).toBe(4);
  });

  it('should read again when a remembered hash refuses (a rotation whose notice is late), at most once a second per device', async () => {
    expect(await verifier.verify('DVR-1', secret)).toBe(true);
    const rotated = generateDeviceSecret();
    secrets.hashes.set('DVR-1', hashDeviceSecret(rotated));
    // no notice yet: the new secret is refused by the remembered hash, then read afresh
    expect(await verifier.verify('DVR-1', rotated)).toBe(true);
    expect(secrets.reads).toBe(2);
    // wrong guesses cost one read a second at most
    expect(await verifier.verify('DVR-1', 'wrong')).toBe(false);
    expect(secrets.reads).toBe(2);
    clock.at = new Date(clock.at.getTime() + 1000);
    expect(await verifier.verify('DVR-1', 'wrong')).toBe(false);
    expect(await verifier.verify('DVR-1', 'wrong')).toBe(false);
    expect(secrets.reads).toBe(3);
    expect(await verifier.verify('DVR-1', rotated)).toBe(true);
    expect(secrets.reads).toBe(3);
  });

  it('should take a rotated secret at once when told, and refuse the old one', async () => {
    expect(await verifier.verify('DVR-1', secret)).toBe(true);
    const rotated = generateDeviceSecret();
    secrets.hashes.set('DVR-1', hashDeviceSecret(rotated));
    verifier.forget(['DVR-1']);
    expect(await verifier.verify('DVR-1', secret)).toBe(false);
    expect(await verifier.verify('DVR-1', rotated)).toBe(true);
  });

  it('should not cache a read that raced a rotation', async () => {
    const pending = verifier.verify('DVR-1', secret);
    verifier.forget(['DVR-1']);
    await pending;
    const rotated = generateDeviceSecret();
    secrets.hashes.set('DVR-1', hashDeviceSecret(rotated));
    expect(await verifier.verify('DVR-1', rotated)).toBe(true);
  });
});
