import { Logger } from '@nestjs/common';
import type { Actor, Device, Site } from '@vigil/domain';
import { strictFake } from '../../../../test/support/strict-fake';
import type { AuditService } from '../audit/audit.service';
import { ConflictError, ForbiddenError, InputError, NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import type { BrokerCredentials, ClockPort, DeviceRepository, DeviceSecretRepository, SiteRepository, TransactionRunner } from '../ports';
import type { AssetChanges } from './asset-changes';
import { DeviceService, type DeviceInput } from './device.service';
import { makeUnitDevice, makeUnitSite } from '../../../../test/support/fake-access';

const NOW = new Date('2026-11-22T10:00:00Z');
const site = (id: string, customerId: string): Site => makeUnitSite(id, customerId, { code: id, name: id });
const makeDevice = makeUnitDevice;
const SITES = [site('a1', 'cust-a'), site('b1', 'cust-b')];

const admin: Actor = { userId: 'admin', username: 'admin', role: 'admin', scope: null };
const supervisorB: Actor = { userId: 'sup', username: 'sup', role: 'supervisor', scope: { customerIds: ['cust-b'], siteIds: [] } };
const engineer: Actor = { userId: 'eng', username: 'eng', role: 'engineer', scope: null };

/** The service over an in-memory register: nvr-b at b1 with cam-b hanging off it, dvr-a at a1. */
function setup(opts: { brokerFails?: boolean } = {}) {
  const devices = new Map(
    [makeDevice('nvr-b', 'b1'), makeDevice('cam-b', 'b1', { type: 'camera', parentId: 'nvr-b' }), makeDevice('dvr-a', 'a1', { type: 'dvr' })].map((d) => [d.id, d]),
  );
  const audited: { action: string; entity: string; entityId: string | null }[] = [];
  const changed: string[][] = [];
  const secretsRemoved: string[] = [];
  const tx = strictFake<TransactionRunner>('tx', { run: (work: () => Promise<unknown>) => work() });
  const audit = strictFake<AuditService>('audit', {
    record: async (_a: Actor, action: string, entity: string, entityId: string | null) => {
      audited.push({ action, entity, entityId });
      return {} as never;
    },
  });
  const siteRepo = strictFake<SiteRepository>('sites', { listAll: async () => SITES, findById: async (id: string) => SITES.find((s) => s.id === id) ?? null });
  const service = new DeviceService(
    strictFake<DeviceRepository>('devices', {
      findById: async (id: string) => devices.get(id) ?? null,
      insert: async (d: Device) => void devices.set(d.id, d),
      update: async (d: Device) => void devices.set(d.id, d),
      delete: async (id: string) => void devices.delete(id),
      countChildren: async (id: string) => [...devices.values()].filter((d) => d.parentId === id).length,
    }),
    siteRepo,
    tx,
    audit,
    strictFake<ClockPort>('clock', { now: () => NOW }),
    strictFake<AssetChanges>('changes', { devicesChanged: (ids: string[]) => void changed.push(ids) }),
    new AccessPolicy(siteRepo, audit, tx),
    strictFake<DeviceSecretRepository>('secrets', { remove: async (id: string) => void secretsRemoved.push(id) }),
    strictFake<BrokerCredentials>('broker', {
      removeDevice: async () => {
        if (opts.brokerFails) throw new Error('broker down');
      },
    }),
  );
  return { service, devices, audited, changed, secretsRemoved };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'done',
    (e: unknown) => (e instanceof InputError ? e.field : (e as Error).constructor.name),
  );

describe(DeviceService.name, () => {
  it('should refuse a role without device.write with 403 and a device, site or parent outside the scope with 404, recorded, changing nothing', async () => {
    const { service, devices, audited, changed } = setup();
    await expect(service.create(engineer, { id: 'new', type: 'camera', siteId: 'b1' })).rejects.toThrow(ForbiddenError);
    await expect(service.delete(engineer, 'nvr-b')).rejects.toThrow(ForbiddenError);
    await expect(service.get(supervisorB, 'dvr-a')).rejects.toThrow(NotFoundError);
    await expect(service.update(supervisorB, 'dvr-a', { name: 'x' })).rejects.toThrow(NotFoundError);
    await expect(service.create(supervisorB, { id: 'new', type: 'camera', siteId: 'a1' })).rejects.toThrow(NotFoundError);
    await expect(service.create(supervisorB, { id: 'new', type: 'camera', siteId: 'b1', parentId: 'dvr-a' })).rejects.toThrow(NotFoundError);
    await expect(service.update(supervisorB, 'nvr-b', { siteId: 'a1' })).rejects.toThrow(NotFoundError);
    expect(audited.map((e) => [e.action, e.entity])).toEqual([
      ['access-denied', 'permission'],
      ['access-denied', 'permission'],
      ['access-denied', 'device'],
      ['access-denied', 'device'],
      ['access-denied', 'site'],
      ['access-denied', 'device'],
      ['access-denied', 'site'],
    ]);
    expect([devices.size, devices.get('nvr-b')!.siteId, changed]).toEqual([3, 'b1', []]);
  });

  it('should create a device with the defaults, audit it and tell ingest the register changed', async () => {
    const { service, devices, audited, changed } = setup();
    const created = await service.create(supervisorB, { id: 'cam-2', type: 'camera', siteId: 'b1', parentId: 'nvr-b' });
    expect(created).toMatchObject({
      id: 'cam-2',
      parentId: 'nvr-b',
      heartbeatIntervalSec: 30,
      criticality: 'normal',
      status: 'unknown',
      lastSeenAt: null,
      monitored: true,
      createdAt: NOW,
    });
    expect(devices.get('cam-2')).toMatchObject({ siteId: 'b1', type: 'camera' });
    expect(audited).toEqual([{ action: 'create', entity: 'device', entityId: 'cam-2' }]);
    expect(changed).toEqual([['cam-2']]);
    expect((await service.create(admin, { id: 'proj', type: 'projector', siteId: 'a1' })).monitored).toBe(false);
  });

  it('should refuse a taken id with 409 and bad references or dates with 400 naming the field, writing nothing', async () => {
    const { service, devices, audited, changed } = setup();
    const base: DeviceInput = { id: 'new', type: 'camera', siteId: 'b1' };
    expect(await refusal(service.create(admin, { ...base, id: 'nvr-b' }))).toBe(ConflictError.name);
    expect(await refusal(service.create(admin, { ...base, siteId: 'nowhere' }))).toBe('siteId');
    expect(await refusal(service.create(admin, { ...base, parentId: 'ghost' }))).toBe('parentId');
    expect(await refusal(service.create(admin, { ...base, parentId: 'new' }))).toBe('parentId');
    expect(await refusal(service.create(admin, { ...base, installedAt: '2026-05-01', warrantyUntil: '2026-04-30' }))).toBe('warrantyUntil');
    expect(await refusal(service.update(admin, 'nvr-b', { parentId: 'cam-b' }))).toBe('parentId');
    expect([devices.size, devices.get('nvr-b')!.parentId, audited, changed]).toEqual([3, null, [], []]);
  });

  it('should refuse deleting a device others hang off with 409, and delete a leaf with its secret even when the broker is down', async () => {
    const { service, devices, audited, changed, secretsRemoved } = setup({ brokerFails: true });
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await expect(service.delete(admin, 'nvr-b')).rejects.toThrow(ConflictError);
    expect([devices.has('nvr-b'), secretsRemoved, audited, changed]).toEqual([true, [], [], []]);
    await service.delete(admin, 'cam-b');
    expect([devices.has('cam-b'), secretsRemoved, changed]).toEqual([false, ['cam-b'], [['cam-b']]]);
    expect(audited).toEqual([{ action: 'delete', entity: 'device', entityId: 'cam-b' }]);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('cam-b: broker down'));
    warn.mockRestore();
  });
});
