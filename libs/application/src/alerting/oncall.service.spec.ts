import type { Actor, AuditEntry, Contract, Device, MaintenanceWindow, OnCallRota, Site, User, UserScope } from '@vigil/domain';
import type { AuditService } from '../audit/audit.service';
import { ForbiddenError, InputError, NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import type {
  ClockPort,
  ContractRepository,
  DeviceRepository,
  MaintenanceWindowRepository,
  OnCallRotaRepository,
  SiteRepository,
  TransactionRunner,
  UserRepository,
} from '../ports';
import { OnCallService, type RotaInput, type WindowInput } from './oncall.service';

/** A fake that implements only what it is given: any other call fails the test. */
function strict<T extends object>(name: string, impl: Partial<T>): T {
  return new Proxy(impl, {
    get: (target, prop) =>
      prop in target
        ? target[prop as keyof T]
        : prop === 'then'
          ? undefined
          : () => {
              throw new Error(`${name}.${String(prop)} was not expected`);
            },
  }) as T;
}

const NOW = new Date('2026-03-01T00:00:00Z');
const HOUR = 3600_000;
const at = (hours: number) => new Date(NOW.getTime() + hours * HOUR);

function site(id: string, customerId: string): Site {
  return {
    id,
    code: id,
    name: id,
    region: 'Qingdao',
    parentId: null,
    customerId,
    contractId: null,
    address: null,
    timeZone: 'Asia/Shanghai',
    workingHours: '08:30-17:30',
    siteClass: 'general',
    createdAt: NOW,
    updatedAt: NOW,
  };
}

function device(id: string, siteId: string): Device {
  return {
    id,
    type: 'camera',
    siteId,
    name: null,
    model: null,
    serial: null,
    firmware: null,
    parentId: null,
    heartbeatIntervalSec: 30,
    criticality: 'normal',
    installedAt: null,
    warrantyUntil: null,
    status: 'unknown',
    lastSeenAt: null,
    conditions: [],
    createdAt: NOW,
    updatedAt: NOW,
  };
}

function user(id: string, scope: UserScope | null): User {
  return { id, username: id, displayName: null, email: null, role: 'engineer', passwordHash: 'x', tokenVersion: 0, active: true, scope, createdAt: NOW, updatedAt: NOW };
}

const OF_A: UserScope = { customerIds: ['A'], siteIds: [] };
const OF_B: UserScope = { customerIds: ['B'], siteIds: [] };
const SITES = [site('a1', 'A'), site('b1', 'B'), site('b2', 'B')];
const DEVICES = [device('CAM-A', 'a1'), device('CAM-B', 'b1')];
const USERS = [user('eng-a', OF_A), user('eng-b', OF_B), user('contractor', null)];
const CONTRACTS = [
  { id: 'contract-a', customerId: 'A' },
  { id: 'contract-b', customerId: 'B' },
] as Contract[];

const unscoped: Actor = { userId: 'sup', username: 'sup', role: 'supervisor', scope: null };
const supervisorOfB: Actor = { userId: 'sup-b', username: 'sup-b', role: 'supervisor', scope: OF_B };
const operatorOfB: Actor = { userId: 'op-b', username: 'op-b', role: 'operator', scope: OF_B };

function windowOf(overrides: Partial<WindowInput>): WindowInput {
  return { name: 'works', startsAt: at(1), endsAt: at(2), siteIds: null, deviceIds: null, reason: null, ...overrides };
}

function rotaOf(overrides: Partial<RotaInput>): RotaInput {
  return {
    name: 'rota',
    contractId: null,
    siteIds: null,
    regions: null,
    maxLevel: 4,
    cover: '7x24',
    members: ['eng-b'],
    startsAt: NOW.toISOString(),
    shiftDays: 7,
    overrides: [],
    supervisorIds: [],
    managerIds: [],
    webhooks: [],
    escalateAfterMinutes: [15, 30, 60],
    repeatEveryMinutes: 10,
    ...overrides,
  };
}

describe(OnCallService.name, () => {
  let windows: MaintenanceWindow[];
  let rotas: OnCallRota[];
  let audited: string[];
  let service: OnCallService;

  beforeEach(() => {
    windows = [];
    rotas = [];
    audited = [];
    const tx = strict<TransactionRunner>('tx', { run: (work) => work() });
    const audit = strict<AuditService>('audit', {
      record: async (_actor, action, entity) => {
        audited.push(`${action} ${entity}`);
        return {} as AuditEntry;
      },
    });
    const sites = strict<SiteRepository>('sites', { listAll: async () => SITES });
    const access = new AccessPolicy(sites, audit, tx);
    service = new OnCallService(
      strict<OnCallRotaRepository>('rotas', {
        list: async () => rotas,
        findById: async (id) => rotas.find((r) => r.id === id) ?? null,
        save: async (r) => {
          rotas = [...rotas.filter((x) => x.id !== r.id), r];
        },
        delete: async (id) => {
          rotas = rotas.filter((r) => r.id !== id);
        },
      }),
      strict<MaintenanceWindowRepository>('windows', {
        list: async () => windows,
        insert: async (w) => {
          windows.push(w);
        },
        delete: async (id) => {
          windows = windows.filter((w) => w.id !== id);
        },
      }),
      strict<UserRepository>('users', { findById: async (id) => USERS.find((u) => u.id === id) ?? null }),
      tx,
      audit,
      strict<ClockPort>('clock', { now: () => NOW }),
      access,
      strict<ContractRepository>('contracts', { list: async () => CONTRACTS, findById: async (id) => CONTRACTS.find((c) => c.id === id) ?? null }),
      strict<DeviceRepository>('devices', { findByIds: async (ids) => DEVICES.filter((d) => ids.includes(d.id)) }),
      sites,
    );
  });

  describe('maintenance windows', () => {
    it('should refuse a window longer than 31 days or ending before it starts, naming endsAt, and store nothing', async () => {
      await expect(service.createWindow(unscoped, windowOf({ endsAt: at(31 * 24 + 2) }))).rejects.toMatchObject({ field: 'endsAt' });
      await expect(service.createWindow(unscoped, windowOf({ startsAt: at(2), endsAt: at(1) }))).rejects.toBeInstanceOf(InputError);
      expect(windows).toEqual([]);
      await service.createWindow(unscoped, windowOf({ endsAt: at(31 * 24 + 1) }));
      expect(windows).toHaveLength(1);
    });

    it('should let a scoped author cover only sites and devices of their scope', async () => {
      await expect(service.createWindow(operatorOfB, windowOf({ siteIds: ['b1', 'a1'] }))).rejects.toEqual(new NotFoundError('site', 'a1'));
      await expect(service.createWindow(operatorOfB, windowOf({ deviceIds: ['CAM-A'] }))).rejects.toEqual(new NotFoundError('device', 'CAM-A'));
      await expect(service.createWindow(operatorOfB, windowOf({}))).rejects.toBeInstanceOf(ForbiddenError);
      expect(windows).toEqual([]);
      expect(audited).toEqual(['access-denied site', 'access-denied device', 'access-denied estate']);
      const made = await service.createWindow(operatorOfB, windowOf({ siteIds: ['b2'], deviceIds: ['CAM-B'] }));
      expect(made).toMatchObject({ createdBy: 'op-b', createdAt: NOW });
    });

    it('should list the windows reaching into the scope with what lies outside it left out', async () => {
      const mixed = await service.createWindow(unscoped, windowOf({ siteIds: ['a1', 'b1'], deviceIds: ['CAM-A'] }));
      const whole = await service.createWindow(unscoped, windowOf({}));
      await service.createWindow(unscoped, windowOf({ siteIds: ['a1'] }));
      expect(await service.listWindows(operatorOfB)).toEqual([{ ...mixed, siteIds: ['b1'], deviceIds: [] }, whole]);
      expect(await service.listWindows(unscoped)).toHaveLength(3);
    });

    it('should delete only windows lying wholly inside the scope', async () => {
      const mixed = await service.createWindow(unscoped, windowOf({ siteIds: ['a1', 'b1'] }));
      await expect(service.deleteWindow(supervisorOfB, mixed.id)).rejects.toEqual(new NotFoundError('maintenance window', mixed.id));
      const own = await service.createWindow(unscoped, windowOf({ siteIds: ['b1'] }));
      await service.deleteWindow(supervisorOfB, own.id);
      expect(windows.map((w) => w.id)).toEqual([mixed.id]);
    });
  });

  describe('rotas', () => {
    it('should take as members only users the author may see, naming the field', async () => {
      await expect(service.saveRota(supervisorOfB, rotaOf({ siteIds: ['b1'], members: ['eng-b', 'eng-a'] }))).rejects.toEqual(
        new InputError('members', 'user eng-a does not exist'),
      );
      await expect(service.saveRota(supervisorOfB, rotaOf({ siteIds: ['b1'], managerIds: ['eng-a'] }))).rejects.toMatchObject({ field: 'managerIds' });
      await service.saveRota(supervisorOfB, rotaOf({ siteIds: ['b1'], members: ['eng-b', 'contractor'] }));
      expect(rotas).toHaveLength(1);
    });

    it('should let a scoped user write only rotas inside the scope: its sites, or a contract of a customer held whole', async () => {
      await expect(service.saveRota(supervisorOfB, rotaOf({ siteIds: ['a1'] }))).rejects.toEqual(new NotFoundError('site', 'a1'));
      await expect(service.saveRota(supervisorOfB, rotaOf({ contractId: 'contract-a' }))).rejects.toEqual(new NotFoundError('contract', 'contract-a'));
      await expect(service.saveRota(supervisorOfB, rotaOf({}))).rejects.toBeInstanceOf(ForbiddenError);
      await service.saveRota(supervisorOfB, rotaOf({ contractId: 'contract-b' }));
      const theirs = await service.saveRota(unscoped, rotaOf({ siteIds: ['a1', 'b1'] }));
      await expect(service.deleteRota(supervisorOfB, theirs.id)).rejects.toEqual(new NotFoundError('rota', theirs.id));
      await expect(service.saveRota(supervisorOfB, rotaOf({ siteIds: ['b1'] }), theirs.id)).rejects.toEqual(new NotFoundError('rota', theirs.id));
      expect(rotas.find((r) => r.id === theirs.id)?.siteIds).toEqual(['a1', 'b1']);
    });

    it('should hand a rota to act on (a test of its channels) only to those who may change it: 403 for other roles, 404 outside the scope', async () => {
      const theirs = await service.saveRota(unscoped, rotaOf({ siteIds: ['a1', 'b1'] }));
      const own = await service.saveRota(unscoped, rotaOf({ siteIds: ['b1'] }));
      await expect(service.rotaToChange(operatorOfB, own.id)).rejects.toBeInstanceOf(ForbiddenError);
      await expect(service.rotaToChange(supervisorOfB, theirs.id)).rejects.toEqual(new NotFoundError('rota', theirs.id));
      await expect(service.rotaToChange(supervisorOfB, 'nope')).rejects.toEqual(new NotFoundError('rota', 'nope'));
      expect(await service.rotaToChange(supervisorOfB, own.id)).toEqual(own);
      expect(audited.filter((a) => a.startsWith('access-denied'))).toEqual(['access-denied permission', 'access-denied rota']);
    });

    it('should list the rotas reaching into the scope', async () => {
      const ofA = await service.saveRota(unscoped, rotaOf({ siteIds: ['a1'], members: ['eng-a'] }));
      const byContractOfA = await service.saveRota(unscoped, rotaOf({ contractId: 'contract-a', members: ['eng-a'] }));
      const whole = await service.saveRota(unscoped, rotaOf({}));
      const mixed = await service.saveRota(unscoped, rotaOf({ siteIds: ['a1', 'b2'] }));
      const listed = await service.listRotas(supervisorOfB);
      expect(listed.map((r) => [r.id, r.siteIds])).toEqual([
        [whole.id, null],
        [mixed.id, ['b2']],
      ]);
      expect((await service.listRotas(unscoped)).map((r) => r.id)).toEqual([ofA.id, byContractOfA.id, whole.id, mixed.id]);
    });
  });
});
