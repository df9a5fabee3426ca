import type { Contract, Device } from '@vigil/domain';
import { fakeAccess, makeUnitSite, unitActor } from '../../../../test/support/fake-access';
import { strictFake } from '../../../../test/support/strict-fake';
import { ForbiddenError, InputError, NotFoundError } from '../errors';
import type { FaultService, FaultView } from '../faults/fault.service';
import type { PartsReportService } from '../parts/parts-report.service';
import type { PatrolService, PatrolSummary } from '../patrols/patrol.service';
import type { ContractRepository, DeviceRepository, OnlineHistoryRepository, PdfRenderer, PdfWriter, SiteRepository } from '../ports';
import { FakeClock } from '../testing';
import { LoanerReportService } from '../loaners/loaner-report.service';
import type { VideoFiguresService } from '../video/video-figures.service';
import { ServiceReportService } from './service-report.service';

const AT = new Date('2026-01-01T00:00:00Z');
const OPENED = new Date('2026-11-10T02:00:00Z');
const min = (m: number) => new Date(OPENED.getTime() + m * 60_000);
const SITES = [
  makeUnitSite('sA', 'cust-a', { contractId: 'cA', name: '城阳站' }),
  makeUnitSite('sA2', 'cust-a', { contractId: 'cA' }),
  makeUnitSite('sB', 'cust-b', { contractId: 'cB' }),
];
const CONTRACT: Contract = {
  id: 'cA',
  customerId: 'cust-a',
  name: '青岛合同',
  startsOn: '2026-01-01',
  endsOn: '2027-12-31',
  timeZone: 'Asia/Shanghai',
  slaPolicy: {},
  createdAt: AT,
  updatedAt: AT,
};
const makeFault = (id: string, over: Partial<FaultView> = {}): FaultView => ({
  id,
  deviceId: 'DVR-1',
  siteId: 'sA',
  contractId: 'cA',
  region: 'Qingdao',
  kind: 'offline',
  subject: null,
  level: 2,
  state: 'closed',
  source: 'health',
  parentFaultId: null,
  affectedCount: 0,
  description: null,
  reporter: null,
  channel: null,
  plan: null,
  assigneeId: null,
  patrolId: null,
  openedAt: OPENED,
  acknowledgedAt: null,
  dispatchedAt: null,
  arrivedAt: null,
  restoredAt: null,
  repairedAt: null,
  closedAt: null,
  clearedAt: null,
  resolution: null,
  pauses: [],
  updatedAt: OPENED,
  sla: null,
  ...over,
});
const makePatrol = (id: string, dueAt: string, submittedAt: string | null): PatrolSummary => ({
  id,
  planId: 'plan',
  siteId: 'sA',
  contractId: 'cA',
  kind: 'weekly-power-on',
  templateId: 'weekly-power-on',
  templateVersion: 1,
  period: id,
  periodStart: AT,
  periodEnd: new Date('2026-12-31T00:00:00Z'),
  dueAt: new Date(dueAt),
  state: submittedAt ? 'submitted' : 'due',
  generatedLate: false,
  assigneeId: null,
  startedAt: null,
  submittedAt: submittedAt ? new Date(submittedAt) : null,
  results: [],
  signoff: null,
  createdAt: AT,
  updatedAt: AT,
  overdue: false,
  missed: false,
});

// handled: acknowledged at 10 and 20 min, restored at 60 and closed at 120; cleared by themselves after 2 and 4 min; one joined a parent's
const FAULTS = [
  makeFault('f1', { acknowledgedAt: min(10), restoredAt: min(60), closedAt: min(61) }),
  makeFault('f2', { acknowledgedAt: min(20), closedAt: min(120), level: 1 }),
  makeFault('f3', { clearedAt: min(2), restoredAt: min(2) }),
  makeFault('f4', { clearedAt: min(4), deviceId: 'CAM-9' }),
  makeFault('child', { parentFaultId: 'f1', acknowledgedAt: min(500), closedAt: min(900) }),
];
const PATROLS = [
  makePatrol('on-time', '2026-11-02T01:30:00Z', '2026-11-02T01:00:00Z'),
  makePatrol('late', '2026-11-09T01:30:00Z', '2026-11-09T05:00:00Z'),
  makePatrol('overdue', '2026-11-16T01:30:00Z', null),
  makePatrol('ahead', '2026-11-30T01:30:00Z', null),
];

function setup() {
  const videoAsked: unknown[] = [];
  const asked: { faults: unknown[]; patrols: unknown[]; online: unknown[] } = { faults: [], patrols: [], online: [] };
  const drawn: string[][] = [];
  const tables: string[][][] = [];
  const writer: PdfWriter = {
    title(text) {
      drawn.push([text]);
      return this;
    },
    field(label, value) {
      drawn.push([label, value]);
      return this;
    },
    gap() {
      return this;
    },
    newPage() {
      return this;
    },
    bars() {
      return this;
    },
    table(t) {
      tables.push(t.rows);
      return this;
    },
    image() {
      return this;
    },
  };
  const clock = new FakeClock('2026-11-20T00:00:00Z');
  const { access, audited, denied } = fakeAccess(SITES);
  const service = new ServiceReportService(
    strictFake<ContractRepository>('contracts', { findById: async (id: string) => (id === CONTRACT.id ? CONTRACT : null) }),
    strictFake<SiteRepository>('sites', { listAll: async () => SITES }),
    strictFake<DeviceRepository>('devices', {
      findByIds: async (ids: string[]) => ids.map((id) => ({ id, name: id === 'DVR-1' ? '1号录像机' : null, model: id === 'CAM-9' ? 'DS-2CD' : 'DS-7608' }) as Device),
    }),
    strictFake<FaultService>('faults', {
      listWithin: async (f: unknown) => {
        asked.faults.push(f);
        return { items: FAULTS, total: FAULTS.length };
      },
    }),
    strictFake<PatrolService>('patrols', {
      listWithin: async (...args: unknown[]) => {
        asked.patrols.push(args);
        return { items: PATROLS, total: PATROLS.length };
      },
    }),
    strictFake<OnlineHistoryRepository>('online', {
      breakdown: async (...args: unknown[]) => {
        asked.online.push(args);
        return args[2] === 'site' ? [{ key: 'sA', onlineSec: 3240, observedSec: 3600 }] : [];
      },
    }),
    clock,
    access,
    strictFake<PdfRenderer>('pdfs', {
      render: async (build: (pdf: PdfWriter) => void) => {
        build(writer);
        return Buffer.from('%PDF');
      },
    }),
    strictFake<PartsReportService>('parts', {
      report: async () => ({
        contractId: CONTRACT.id,
        month: '2026-11',
        timeZone: 'Asia/Shanghai',
        consumed: [{ partModelId: 'disk', sku: 'HDD-4T', name: '硬盘 4TB', quantity: 1, costCents: 68_000 }],
        consumedCostCents: 68_000,
        stock: [],
        stockValueCents: 136_000,
        breachedWaitingForPart: [],
      }),
    }),
    strictFake<LoanerReportService>('loaners', {
      within: async () => ({ loanerDays: [{ siteId: 'sA', siteName: 'A', loanerDays: 2.5, loans: 1 }], rmaTurnaround: [] }),
    }),
    strictFake<VideoFiguresService>('video', {
      forReport: async (contract: unknown, sites: { id: string }[], month: string) => {
        videoAsked.push([contract, sites.map((s) => s.id), month]);
        const site = {
          siteId: 'sA',
          siteName: '城阳站',
          timeZone: 'Asia/Shanghai',
          completeness: 0.9167,
          retentionCompliance: null,
          intactRate: 1,
          onlineRate: 0.9,
          reportedChannelDays: 2,
        };
        return { ...site, unknownChannelDays: 28, sites: [{ ...site, unknownChannelDays: 28, days: [], devices: [] }] };
      },
    }),
  );
  return { service, clock, asked, drawn, tables, audited, denied, videoAsked };
}

describe(ServiceReportService.name, () => {
  const ofSiteA = { ...unitActor('supervisor'), scope: { customerIds: [], siteIds: ['sA'] } };

  it('should refuse a role without report.read with 403 and a contract outside the scope or unknown with 404, reading nothing of it', async () => {
    const { service, denied } = setup();
    await expect(service.month(unitActor('engineer', ['cust-a']), 'cA', '2026-11')).rejects.toThrow(ForbiddenError);
    await expect(service.month(unitActor('supervisor', ['cust-b']), 'cA', '2026-11')).rejects.toThrow(NotFoundError);
    await expect(service.monthPdf(unitActor('operator', ['cust-b']), 'cA', '2026-11')).rejects.toThrow(NotFoundError);
    await expect(service.month(unitActor('admin'), 'no-such', '2026-11')).rejects.toThrow(NotFoundError);
    expect(denied()).toEqual(['permission', 'contract', 'contract']);
  });

  it('should refuse a period not written YYYY-MM, naming period', async () => {
    const refused = await setup()
      .service.month(unitActor('admin'), 'cA', '2026-13')
      .catch((e: unknown) => e);
    expect(refused instanceof InputError && refused.field).toBe('period');
  });

  it("should ask only for the contract's sites in the scope, over the month in the contract's zone", async () => {
    const { service, asked } = setup();
    const report = await service.month(ofSiteA, 'cA', '2026-11');
    expect([report.from, report.to]).toEqual(['2026-10-31T16:00:00.000Z', '2026-11-30T16:00:00.000Z']);
    expect(asked.faults).toEqual([{ contractId: 'cA', siteIds: ['sA'], from: new Date(report.from), to: new Date(report.to) }]);
    expect(asked.patrols).toEqual([[{ contractId: 'cA', siteIds: ['sA'], period: '2026-11' }, {}, 'Asia/Shanghai']]);
    expect(asked.online).toEqual([
      ['2026-10-31T16', '2026-11-30T16', 'site', ['sA']],
      ['2026-10-31T16', '2026-11-30T16', 'type', ['sA']],
    ]);
    expect(report.online.bySite).toEqual([{ key: 'sA', siteName: '城阳站', onlineRate: 0.9, observedHours: 1 }]);
  });

  it('should take MTTA and MTTR over the faults people handled and count the self-cleared apart, leaving out joined faults', async () => {
    const { faults, failingModels, repeatFaults } = await setup().service.month(unitActor('admin'), 'cA', '2026-11');
    expect(faults).toEqual({ total: 4, byLevel: { 1: 1, 2: 3, 3: 0, 4: 0 }, handled: 2, mttaMinutes: 15, mttrMinutes: 90, selfCleared: { count: 2, medianMinutes: 3 } });
    expect(failingModels).toEqual([
      { model: 'DS-7608', faults: 3 },
      { model: 'DS-2CD', faults: 1 },
    ]);
    // a repeat names its device for people, by the id where it has no name
    expect(repeatFaults).toEqual([{ deviceId: 'DVR-1', deviceName: '1号录像机', kind: 'offline', count: 3 }]);
  });

  it('should rate patrols on time over those already due or submitted, and count one falling due as the clock passes it', async () => {
    const { service, clock } = setup();
    expect((await service.month(unitActor('admin'), 'cA', '2026-11')).patrols).toEqual({
      total: 4,
      settled: 3,
      onTime: 1,
      late: 1,
      overdue: 1,
      notYetDue: 1,
      signed: 0,
      onTimeRate: 0.333,
    });
    await clock.advance(11 * 24 * 3600_000);
    expect((await service.month(unitActor('admin'), 'cA', '2026-11')).patrols).toEqual({
      total: 4,
      settled: 4,
      onTime: 1,
      late: 1,
      overdue: 2,
      notYetDue: 0,
      signed: 0,
      onTimeRate: 0.25,
    });
  });

  it("should print the same figures in the PDF, with the period and the generation time in the contract's zone", async () => {
    const { service, drawn } = setup();
    await service.monthPdf(unitActor('admin'), 'cA', '2026-11');
    const fields = new Map(drawn.filter((d) => d.length === 2).map(([label, value]) => [label, value]));
    expect(
      Object.fromEntries(
        ['期间 Period', '生成 Generated', '平均响应 MTTA', '平均修复 MTTR', '自行恢复 Cleared by themselves', '按时完成 On time', '未到期 Not yet due'].map((k) => [
          k,
          fields.get(k),
        ]),
      ),
    ).toEqual({
      '期间 Period': '2026-11-01 – 2026-11-30 (Asia/Shanghai)',
      '生成 Generated': '2026-11-20 08:00 (Asia/Shanghai)',
      '平均响应 MTTA': '15 min',
      '平均修复 MTTR': '90 min',
      '自行恢复 Cleared by themselves': '2 (中位时长 median 3 min)',
      '按时完成 On time': '1 / 3 (33.3 %)',
      '未到期 Not yet due': '1',
    });
  });
  it("should carry the video section per site over each site's local month, and print unknown as — not 0", async () => {
    const { service, tables, videoAsked } = setup();
    const ofSiteA = { ...unitActor('supervisor'), scope: { customerIds: [], siteIds: ['sA'] } };
    const report = await service.month(ofSiteA, 'cA', '2026-11');
    // only the contract's sites in the actor's scope
    expect(videoAsked).toEqual([[expect.objectContaining({ id: 'cA', timeZone: 'Asia/Shanghai' }), ['sA'], '2026-11']]);
    expect(report.video.bySite).toEqual([
      {
        siteId: 'sA',
        siteName: '城阳站',
        timeZone: 'Asia/Shanghai',
        completeness: 0.9167,
        retentionCompliance: null,
        intactRate: 1,
        onlineRate: 0.9,
        reportedChannelDays: 2,
        unknownChannelDays: 28,
      },
    ]);
    await service.monthPdf(ofSiteA, 'cA', '2026-11');
    expect(tables).toContainEqual([['城阳站 (Asia/Shanghai)', '91.7 %', '—', '100 %', '90 %', '28']]);
  });
});
