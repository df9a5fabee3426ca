import type { Device } from '@vigil/domain';
import { fakeAccess, makeUnitSite, unitActor } from '../../../../test/support/fake-access';
import { strictFake } from '../../../../test/support/strict-fake';
import { ForbiddenError, InputError, NotFoundError, UnavailableError } from '../errors';
import type { BrokerCredentials, DeviceRepository, DeviceSecretRepository, SiteRepository, StoredDeviceSecret, TransactionRunner } from '../ports';
import { FakeClock } from '../testing';
import { DeviceCredentialsService } from './device-credentials.service';
import { verifyDeviceSecret } from './device-secret';

const SITES = [makeUnitSite('sA', 'cust-a'), makeUnitSite('sB', 'cust-b')];
const DEVICES = [
  { id: 'DVR-A1', siteId: 'sA' },
  { id: 'DVR-A2', siteId: 'sA' },
  { id: 'DVR-B1', siteId: 'sB' },
] as Device[];

/** The service over an in-memory secret store whose writes a failed transaction takes back, and a broker that may refuse. */
function setup(opts: { stored?: string[]; brokerDown?: boolean } = {}) {
  let stored = new Map<string, StoredDeviceSecret>((opts.stored ?? []).map((id) => [id, { deviceId: id, hash: 'old', issuedAt: new Date(0) }]));
  const pushed: { deviceId: string; secret: string }[][] = [];
  const { access, audit, audited, denied } = fakeAccess(SITES);
  const tx = strictFake<TransactionRunner>('tx', {
    run: async (work: () => Promise<unknown>) => {
      const before = new Map(stored);
      try {
        return await work();
      } catch (err) {
        stored = before;
        throw err;
      }
    },
  });
  const service = new DeviceCredentialsService(
    strictFake<DeviceRepository>('devices', {
      findById: async (id: string) => DEVICES.find((d) => d.id === id) ?? null,
      findByIds: async (ids: string[]) => DEVICES.filter((d) => ids.includes(d.id)),
      list: async (f: { siteId: string }) => ({ items: DEVICES.filter((d) => d.siteId === f.siteId), total: 0 }),
    }),
    strictFake<SiteRepository>('sites', { findById: async (id: string) => SITES.find((s) => s.id === id) ?? null }),
    strictFake<DeviceSecretRepository>('secrets', {
      withSecret: async (ids: string[]) => new Set(ids.filter((id) => stored.has(id))),
      put: async (secrets: StoredDeviceSecret[]) => {
        for (const s of secrets) stored.set(s.deviceId, s);
      },
    }),
    strictFake<BrokerCredentials>('broker', {
      setDevices: async (secrets: { deviceId: string; secret: string }[]) => {
        if (opts.brokerDown) throw new Error('connection refused');
        pushed.push(secrets);
      },
    }),
    access,
    audit,
    tx,
    new FakeClock('2026-12-02T02:00:00Z'),
  );
  return { service, stored: () => stored, pushed, audited, denied };
}

describe(DeviceCredentialsService.name, () => {
  const supervisorA = unitActor('supervisor', ['cust-a']);

  it('should refuse a role without device.credentials with 403 and a device outside the scope with 404, recorded, issuing nothing', async () => {
    const { service, stored, pushed, denied } = setup();
    await expect(service.issue(unitActor('operator'), 'DVR-A1')).rejects.toThrow(ForbiddenError);
    await expect(service.issue(supervisorA, 'DVR-B1')).rejects.toThrow(NotFoundError);
    await expect(service.issueMany(supervisorA, { deviceIds: ['DVR-A1', 'DVR-B1'] })).rejects.toThrow(NotFoundError);
    await expect(service.issueMany(supervisorA, { siteId: 'sB' })).rejects.toThrow(NotFoundError);
    expect(denied()).toEqual(['permission', 'device', 'device', 'site']);
    expect([stored().size, pushed]).toEqual([0, []]);
  });

  it('should keep only a hash, give the broker the secret, and record who issued it without the secret', async () => {
    const { service, stored, pushed, audited } = setup({ stored: ['DVR-A1'] });
    const login = await service.issue(supervisorA, 'DVR-A1');
    expect(login.username).toBe('DVR-A1');
    const kept = stored().get('DVR-A1')!;
    expect([kept.hash.includes(login.password), verifyDeviceSecret(login.password, kept.hash), kept.issuedAt.toISOString()]).toEqual([false, true, '2026-12-02T02:00:00.000Z']);
    expect(pushed).toEqual([[{ deviceId: 'DVR-A1', secret: login.password }]]);
    expect(audited).toEqual([
      { actor: 'supervisor-user', action: 'issue-mqtt-secret', entity: 'device', entityId: 'DVR-A1', after: { issuedAt: '2026-12-02T02:00:00.000Z', rotated: true } },
    ]);
  });

  it("should issue a site's devices, leaving those that have a secret alone when asked for missing ones only", async () => {
    const { service, audited } = setup({ stored: ['DVR-A1'] });
    const logins = await service.issueMany(supervisorA, { siteId: 'sA', missingOnly: true });
    expect(logins.map((l) => l.deviceId)).toEqual(['DVR-A2']);
    expect(audited.map((e) => [e.entityId, (e.after as { rotated: boolean }).rotated])).toEqual([['DVR-A2', false]]);
  });

  it('should name siteId when given both a site and devices, and 404 an unknown device or site', async () => {
    const { service } = setup();
    const refused = await service.issueMany(supervisorA, { siteId: 'sA', deviceIds: ['DVR-A1'] }).catch((e: unknown) => e);
    expect(refused instanceof InputError && refused.field).toBe('siteId');
    await expect(service.issueMany(unitActor('admin'), { deviceIds: ['DVR-A1', 'NOPE'] })).rejects.toThrow(new NotFoundError('device', 'NOPE'));
    await expect(service.issueMany(unitActor('admin'), { siteId: 'nowhere' })).rejects.toThrow(NotFoundError);
  });

  it('should store nothing when the broker refuses the new secrets, and say the call may be repeated', async () => {
    const { service, stored } = setup({ stored: ['DVR-A1'], brokerDown: true });
    await expect(service.issueMany(supervisorA, { deviceIds: ['DVR-A1', 'DVR-A2'] })).rejects.toThrow(UnavailableError);
    expect([...stored().values()].map((s) => s.hash)).toEqual(['old']);
  });
});
