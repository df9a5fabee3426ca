import { fileDigest, inventoryDigest, type Actor, type Device, type Site } from '@vigil/domain';
import { strictFake } from '../../../../test/support/strict-fake';
import type { AuditService } from '../audit/audit.service';
import { ForbiddenError, InputError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import type { ClockPort, DeviceRepository, SiteRepository, TransactionRunner } from '../ports';
import type { AssetChanges } from './asset-changes';
import { InventoryService } from './inventory.service';
import { makeUnitDevice, makeUnitSite } from '../../../../test/support/fake-access';

const NOW = new Date('2026-11-22T10:00:00Z');
const EARLIER = new Date('2026-01-01T00:00:00Z');
const site = (id: string, code: string, customerId: string): Site => makeUnitSite(id, customerId, { code, name: id });
const makeDevice = makeUnitDevice;
const SITES = [site('a1', 'A1', 'cust-a'), site('b1', 'B1', 'cust-b')];

const supervisorB: Actor = { userId: 'sup', username: 'sup', role: 'supervisor', scope: { customerIds: ['cust-b'], siteIds: [] } };
const engineer: Actor = { userId: 'eng', username: 'eng', role: 'engineer', scope: null };

/** The service over an in-memory register: nvr-b (named, 60 s heartbeats) at b1, dvr-a at a1. */
function setup() {
  const devices = new Map(
    [makeDevice('nvr-b', 'b1', { name: 'Gate NVR', heartbeatIntervalSec: 60, status: 'offline' }), makeDevice('dvr-a', 'a1', { type: 'dvr' })].map((d) => [d.id, d]),
  );
  const audited: { action: string; entity: string; entityId: string | null; after: unknown }[] = [];
  const changed: string[][] = [];
  const tx = strictFake<TransactionRunner>('tx', { run: (work: () => Promise<unknown>) => work() });
  const audit = strictFake<AuditService>('audit', {
    record: async (_a: Actor, action: string, entity: string, entityId: string | null, _before: unknown, after: unknown) => {
      audited.push({ action, entity, entityId, after });
      return {} as never;
    },
  });
  const siteRepo = strictFake<SiteRepository>('sites', { listAll: async () => SITES });
  const service = new InventoryService(
    strictFake<DeviceRepository>('devices', {
      listAll: async () => [...devices.values()],
      findByIds: async (ids: string[]) => ids.flatMap((id) => devices.get(id) ?? []),
      insertMany: async (ds: Device[]) => ds.forEach((d) => devices.set(d.id, d)),
      updateInventory: async (ds: Device[]) => ds.forEach((d) => devices.set(d.id, d)),
    }),
    siteRepo,
    tx,
    audit,
    strictFake<ClockPort>('clock', { now: () => NOW }),
    strictFake<AssetChanges>('changes', { devicesChanged: (ids: string[]) => void changed.push(ids) }),
    new AccessPolicy(siteRepo, audit, tx),
  );
  return { service, devices, audited, changed };
}

const FILE = 'id,type,siteCode,model\r\ncam-1,camera,B1,DS-2CD\r\nnvr-b,nvr,B1,DS-7608\r\n';

describe(InventoryService.name, () => {
  it('should refuse an import to a role without device.write with 403, recorded, before reading the file', async () => {
    const { service, devices, audited } = setup();
    await expect(service.importCsv(engineer, FILE, false)).rejects.toThrow(ForbiddenError);
    expect(audited.map((e) => [e.action, e.entity])).toEqual([['access-denied', 'permission']]);
    expect(devices.has('cam-1')).toBe(false);
  });

  it("should export only the devices of the actor's scope", async () => {
    const { service } = setup();
    const lines = (await service.exportCsv(supervisorB)).trim().split('\r\n');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(['nvr-b,nvr,B1']);
  });

  it('should refuse the whole file, naming line and field, when a row names a site or a device outside the scope', async () => {
    const { service, devices, audited, changed } = setup();
    const file = `${FILE}cam-2,camera,A1\r\ndvr-a,dvr,B1\r\n`;
    const refused = await service.importCsv(supervisorB, file, false).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as InputError).field).toBe('file');
    expect(((refused as InputError).details as { line: number; field: string }[]).map((e) => [e.line, e.field])).toEqual([
      [4, 'siteCode'],
      [5, 'id'],
    ]);
    expect([devices.has('cam-1'), devices.get('nvr-b')!.model, audited, changed]).toEqual([false, null, [], []]);
  });

  it('should count a dry run and tell what each line would do, without writing, auditing or announcing anything', async () => {
    const { service, devices, audited, changed } = setup();
    expect(await service.importCsv(supervisorB, FILE.replace('model', 'model,colour'), true)).toEqual({
      dryRun: true,
      created: 1,
      updated: 1,
      warnings: [{ line: 1, field: 'colour', message: 'unknown column, ignored' }],
      lines: [
        { line: 2, id: 'cam-1', action: 'create' },
        { line: 3, id: 'nvr-b', action: 'update' },
      ],
    });
    expect([devices.has('cam-1'), devices.get('nvr-b')!.model, audited, changed]).toEqual([false, null, [], []]);
  });

  it('should create and update every row, keep the columns the file lacks, audit the import once per site with its digest, and announce the ids', async () => {
    const { service, devices, audited, changed } = setup();
    expect(await service.importCsv(supervisorB, FILE, false)).toEqual({ dryRun: false, created: 1, updated: 1, warnings: [] });
    expect(devices.get('cam-1')).toMatchObject({ type: 'camera', siteId: 'b1', model: 'DS-2CD', status: 'unknown', createdAt: NOW, updatedAt: NOW });
    expect(devices.get('nvr-b')).toMatchObject({ model: 'DS-7608', name: 'Gate NVR', heartbeatIntervalSec: 60, status: 'offline', createdAt: EARLIER, updatedAt: NOW });
    expect(audited.map((e) => [e.action, e.entity, e.entityId])).toEqual([['import', 'device-inventory', null]]);
    expect(audited[0].after).toEqual({
      siteId: 'b1',
      customerId: 'cust-b',
      file: { sha256: fileDigest(FILE), rows: 2, sites: 1 },
      rows: 2,
      created: 1,
      updated: 1,
      unchanged: 0,
      rowsSha256: inventoryDigest([devices.get('cam-1')!, devices.get('nvr-b')!]),
      createdIds: ['cam-1'],
      changes: { 'nvr-b': { model: [null, 'DS-7608'] } },
    });
    expect(changed).toEqual([['cam-1', 'nvr-b']]);
  });

  it('should count a row that changes nothing as unchanged, leave the device as it was and not announce it', async () => {
    const { service, devices, audited, changed } = setup();
    const same = 'id,type,siteCode,name\r\nnvr-b,nvr,B1,Gate NVR\r\n';
    await service.importCsv(supervisorB, same, false);
    expect(devices.get('nvr-b')!.updatedAt).toEqual(EARLIER);
    expect(audited[0].after).toMatchObject({ rows: 1, created: 0, updated: 0, unchanged: 1, createdIds: [], changes: {} });
    expect(changed).toEqual([]);
  });
});
