import type { Actor, Fault, FaultLevel, Site } from '@vigil/domain';
import { strictFake } from '../../../../test/support/strict-fake';
import type { AuditService } from '../audit/audit.service';
import { AccessPolicy } from '../identity/access-policy';
import type { DeviceRepository, FaultRepository, OnlineHistoryRepository, SiteRepository, TransactionRunner } from '../ports';
import type { PatrolService } from '../patrols/patrol.service';
import { FakeClock } from '../testing';
import { DashboardService } from './dashboard.service';

const NOW = '2026-12-02T10:30:00Z';
const site = (id: string, customerId: string, parentId: string | null = null): Site => ({
  id,
  code: id,
  name: `Site ${id}`,
  region: 'Qingdao',
  parentId,
  customerId,
  contractId: null,
  address: null,
  timeZone: 'Asia/Shanghai',
  workingHours: '08:30-17:30',
  siteClass: 'general',
  createdAt: new Date(NOW),
  updatedAt: new Date(NOW),
});
const SITES = [site('site-a', 'cust-a'), site('site-a2', 'cust-a', 'site-a'), site('site-b', 'cust-b')];
const at = (iso: string) => new Date(`2026-12-${iso}Z`);
const makeFault = (overrides: Partial<Fault> = {}): Fault => ({
  id: 'f',
  deviceId: null,
  siteId: 'site-a',
  contractId: null,
  region: 'Qingdao',
  kind: 'offline',
  subject: null,
  level: 1,
  state: 'open',
  source: 'health',
  parentFaultId: null,
  affectedCount: 0,
  description: null,
  reporter: null,
  channel: null,
  plan: null,
  assigneeId: null,
  patrolId: null,
  openedAt: new Date(NOW),
  acknowledgedAt: null,
  dispatchedAt: null,
  arrivedAt: null,
  restoredAt: null,
  repairedAt: null,
  closedAt: null,
  clearedAt: null,
  resolution: null,
  pauses: [],
  updatedAt: new Date(NOW),
  ...overrides,
});
/** On 2 December (UTC): two faults handled in the 09:00 hour (60 and 40 minutes), one that cleared itself, one of B, a joined child, one still open. */
const FAULTS: Fault[] = [
  makeFault({ id: 'f1', level: 1, openedAt: at('02T08:10'), acknowledgedAt: at('02T08:20'), restoredAt: at('02T09:10'), closedAt: at('02T09:15'), state: 'closed' }),
  makeFault({ id: 'f2', level: 2, openedAt: at('02T08:40'), acknowledgedAt: at('02T08:50'), restoredAt: at('02T09:20'), closedAt: at('02T09:30'), state: 'closed' }),
  makeFault({ id: 'f3', level: 3, openedAt: at('02T09:05'), restoredAt: at('02T09:25'), clearedAt: at('02T09:25'), closedAt: at('02T09:25'), state: 'closed' }),
  makeFault({
    id: 'f4',
    siteId: 'site-b',
    level: 1,
    openedAt: at('02T07:00'),
    acknowledgedAt: at('02T07:05'),
    restoredAt: at('02T09:30'),
    closedAt: at('02T09:30'),
    state: 'closed',
  }),
  makeFault({ id: 'f5', parentFaultId: 'f1', level: 1, openedAt: at('02T08:11'), closedAt: at('02T09:15'), state: 'closed' }),
  makeFault({ id: 'f6', siteId: 'site-a2', level: 4, openedAt: at('01T20:15') }),
];
const DEVICES = [
  { siteId: 'site-a', type: 'camera', status: 'online', count: 3 },
  { siteId: 'site-a', type: 'camera', status: 'offline', count: 1 },
  { siteId: 'site-a', type: 'dvr', status: 'unknown', count: 1 },
  { siteId: 'site-a', type: 'monitor', status: 'unknown', count: 2 },
  { siteId: 'site-b', type: 'camera', status: 'degraded', count: 5 },
];
const OPEN = [
  { siteId: 'site-a', level: 2 as FaultLevel, count: 4, oldestOpenedAt: at('02T08:40') },
  { siteId: 'site-a2', level: 4 as FaultLevel, count: 1, oldestOpenedAt: at('01T20:15') },
  { siteId: 'site-b', level: 1 as FaultLevel, count: 9, oldestOpenedAt: at('02T07:00') },
];

const unscoped: Actor = { userId: 'op', username: 'op', role: 'operator', scope: null };
const ofA: Actor = { userId: 'op-a', username: 'op-a', role: 'operator', scope: { customerIds: ['cust-a'], siteIds: [] } };

/** The service over in-memory fakes that filter by the sites they are given, as the database does; `asked` keeps those. */
function setup(now = NOW) {
  const asked: unknown[] = [];
  const inSites = <T extends { siteId: string }>(rows: T[], siteIds?: string[] | null) => {
    asked.push(siteIds ?? null);
    return rows.filter((r) => !siteIds || siteIds.includes(r.siteId));
  };
  const tx = strictFake<TransactionRunner>('tx', { run: (work: () => Promise<unknown>) => work() });
  const sites = strictFake<SiteRepository>('sites', { listAll: async () => SITES });
  const access = new AccessPolicy(sites, strictFake<AuditService>('audit'), tx);
  const patrolAsks: unknown[] = [];
  const online = { since: [] as unknown[] };
  const service = new DashboardService(
    sites,
    strictFake<DeviceRepository>('devices', { countsBySiteAndStatus: async (ids?: string[] | null) => inSites(DEVICES, ids) }),
    strictFake<FaultRepository>('faults', {
      openCountsBySiteAndLevel: async (ids?: string[] | null) => inSites(OPEN, ids),
      countOpenByLevel: async (ids?: string[] | null) => {
        const totals: Record<FaultLevel, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
        for (const c of inSites(OPEN, ids)) totals[c.level] += c.count;
        return totals;
      },
      overlapping: async (from: Date, to: Date) => FAULTS.filter((f) => f.openedAt < to && (f.closedAt === null || f.closedAt >= from)),
    }),
    strictFake<OnlineHistoryRepository>('online', {
      series: async (fromHour: string, bucket: string, ids?: string[] | null) => {
        online.since.push([fromHour, bucket, ids ?? null]);
        return [
          { bucket: '2026-12-02T09', onlineSec: 90, observedSec: 100 },
          { bucket: '2026-12-02T10', onlineSec: 0, observedSec: 0 },
        ];
      },
      bySite: async (_fromHour: string, ids?: string[] | null) =>
        inSites(
          [
            { siteId: 'site-a', onlineSec: 30, observedSec: 40 },
            { siteId: 'site-b', onlineSec: 1, observedSec: 1 },
          ],
          ids,
        ),
    }),
    strictFake<PatrolService>('patrols', {
      listWithin: async (filter: unknown) => {
        patrolAsks.push(filter);
        return { items: [], total: 0 };
      },
    }),
    new FakeClock(now),
    access,
  );
  return { service, asked, patrolAsks, online };
}

describe(DashboardService.name, () => {
  it('should count devices and open faults per site of the whole estate for an unscoped actor', async () => {
    const { service } = setup();
    const view = await service.overview(unscoped);
    expect(view.sites.map((s) => s.id)).toEqual(['site-a', 'site-a2', 'site-b']);
    expect(view.summary).toEqual({ 1: 9, 2: 4, 3: 0, 4: 1 });
    expect(view.sites[2]).toMatchObject({ devices: { online: 0, degraded: 5, offline: 0, unknown: 0, notMonitored: 0, total: 5 }, faults: { 1: 9, 2: 0, 3: 0, 4: 0 } });
  });

  it('should tell per site and level when the oldest open fault opened', async () => {
    const { service } = setup();
    const view = await service.overview(unscoped);
    expect(view.sites.map((s) => s.oldestOpenAt)).toEqual([
      { 1: null, 2: at('02T08:40'), 3: null, 4: null },
      { 1: null, 2: null, 3: null, 4: at('01T20:15') },
      { 1: at('02T07:00'), 2: null, 3: null, 4: null },
    ]);
  });

  it('should show a scoped actor its own sites only, each port asked for those sites alone', async () => {
    const { service, asked, patrolAsks } = setup();
    const view = await service.overview(ofA);
    expect(view.sites.map((s) => [s.id, s.parentId])).toEqual([
      ['site-a', null],
      ['site-a2', 'site-a'],
    ]);
    expect(view.summary).toEqual({ 1: 0, 2: 4, 3: 0, 4: 1 });
    expect(view.sites.map((s) => s.faults)).toEqual([
      { 1: 0, 2: 4, 3: 0, 4: 0 },
      { 1: 0, 2: 0, 3: 0, 4: 1 },
    ]);
    expect(asked).toEqual(Array(3).fill(['site-a', 'site-a2']));
    expect(patrolAsks).toEqual([
      { state: 'overdue', siteIds: ['site-a', 'site-a2'] },
      { state: 'due', period: '2026-12', siteIds: ['site-a', 'site-a2'] },
    ]);
  });

  it('should count devices that send no heartbeats apart, not as unknown', async () => {
    const { service } = setup();
    const [a] = (await service.overview(ofA)).sites;
    expect(a.devices).toEqual({ online: 3, degraded: 0, offline: 1, unknown: 1, notMonitored: 2, total: 7 });
  });

  it('should ask for the patrols due in the current month of Shanghai, not of UTC', async () => {
    const { service, patrolAsks } = setup('2026-11-30T17:00:00Z');
    await service.overview(unscoped);
    expect(patrolAsks[1]).toEqual({ state: 'due', period: '2026-12', siteIds: null });
  });

  it("should bucket the last 24 hours by hour: faults open at each hour's end by level, the current hour last", async () => {
    const { service, online } = setup();
    const trends = await service.trends(unscoped, '24h');
    expect(trends.faultsByLevel).toHaveLength(24);
    expect(trends.faultsByLevel[0].at).toBe('2026-12-01T11:00:00.000Z');
    const hour = (iso: string) => trends.faultsByLevel.find((b) => b.at === `2026-12-${iso}:00:00.000Z`);
    expect(hour('01T19')).toEqual({ at: '2026-12-01T19:00:00.000Z', 1: 0, 2: 0, 3: 0, 4: 0 });
    expect(hour('01T20')).toMatchObject({ 1: 0, 4: 1 });
    // the joined child (f5) is its parent's and not counted again
    expect(hour('02T08')).toEqual({ at: '2026-12-02T08:00:00.000Z', 1: 2, 2: 1, 3: 0, 4: 1 });
    expect(hour('02T10')).toEqual({ at: '2026-12-02T10:00:00.000Z', 1: 0, 2: 0, 3: 0, 4: 1 });
    expect(online.since).toEqual([['2026-12-01T11', 'hour', null]]);
    expect(trends.online).toEqual([
      { at: '2026-12-02T09', rate: 0.9 },
      { at: '2026-12-02T10', rate: null },
    ]);
  });

  it("should keep a scoped actor's trends to its sites", async () => {
    const { service, online } = setup();
    const trends = await service.trends(ofA, '24h');
    expect(trends.faultsByLevel.find((b) => b.at === '2026-12-02T08:00:00.000Z')).toMatchObject({ 1: 1, 2: 1, 4: 1 });
    expect(trends.mttr.find((b) => b.at === '2026-12-02T09:00:00.000Z')).toEqual({ at: '2026-12-02T09:00:00.000Z', restored: 2, meanMinutes: 50, selfCleared: 1 });
    expect(trends.onlineBySite).toEqual([{ siteId: 'site-a', rate: 0.75 }]);
    expect(online.since).toEqual([['2026-12-01T11', 'hour', ['site-a', 'site-a2']]]);
  });

  it('should take the mean time to restore over the faults people handled, the self-cleared counted apart', async () => {
    const { service } = setup();
    const { mttr } = await service.trends(unscoped, '24h');
    // f1 60 min, f2 40 min, f4 150 min; f3 cleared by itself
    expect(mttr.find((b) => b.at === '2026-12-02T09:00:00.000Z')).toEqual({ at: '2026-12-02T09:00:00.000Z', restored: 3, meanMinutes: 83, selfCleared: 1 });
    expect(mttr.filter((b) => b.restored === 0 && b.selfCleared === 0 && b.meanMinutes === null)).toHaveLength(23);
  });

  it('should bucket 30 days by UTC day, the newest today', async () => {
    const { service, online } = setup();
    const trends = await service.trends(unscoped, '30d');
    expect(trends.mttr).toHaveLength(30);
    expect([trends.mttr[0].at, trends.mttr[29].at]).toEqual(['2026-11-03T00:00:00.000Z', '2026-12-02T00:00:00.000Z']);
    expect(trends.mttr[29]).toMatchObject({ restored: 3, meanMinutes: 83, selfCleared: 1 });
    expect(trends.faultsByLevel[28]).toMatchObject({ at: '2026-12-01T00:00:00.000Z', 4: 1, 1: 0 });
    expect(trends.faultsByLevel[29]).toMatchObject({ 1: 0, 4: 1 });
    expect(online.since).toEqual([['2026-11-03T00', 'day', null]]);
  });
});
