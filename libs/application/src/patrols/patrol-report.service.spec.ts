import type { Contract, Patrol, PatrolCorrection } from '@vigil/domain';
import { fakeAccess, makeUnitSite, unitActor } from '../../../../test/support/fake-access';
import { strictFake } from '../../../../test/support/strict-fake';
import { InMemoryVideoEvidence } from '../testing/in-memory-video-evidence';
import { InputError, NotFoundError } from '../errors';
import type { FaultService } from '../faults/fault.service';
import type {
  ContractRepository,
  CsvCell,
  CsvWriter,
  DeviceRepository,
  FileStore,
  PatrolFilter,
  PatrolRepository,
  PdfRenderer,
  PdfWriter,
  ScheduledActions,
  SiteRepository,
  UserRepository,
} from '../ports';
import { FakeClock } from '../testing';
import { PatrolReportService } from './patrol-report.service';
import { PatrolService } from './patrol.service';

const AT = new Date('2026-01-01T00:00:00Z');
const SITES = [makeUnitSite('sA', 'cust-a', { name: '城阳站 Chengyang', code: 'CY', contractId: 'cA' }), makeUnitSite('sB', 'cust-b', { contractId: 'cB' })];
const CONTRACTS: Contract[] = [
  {
    id: 'cA',
    customerId: 'cust-a',
    name: '青岛合同 Qingdao',
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
    timeZone: 'Asia/Shanghai',
    slaPolicy: {},
    createdAt: AT,
    updatedAt: AT,
  },
  { id: 'cB', customerId: 'cust-b', name: 'B', startsOn: '2026-01-01', endsOn: '2027-12-31', timeZone: 'Asia/Shanghai', slaPolicy: {}, createdAt: AT, updatedAt: AT },
];
const makePatrol = (id: string, over: Partial<Patrol> = {}): Patrol => ({
  id,
  planId: 'plan',
  siteId: 'sA',
  contractId: 'cA',
  kind: 'monthly',
  templateId: 'monthly',
  templateVersion: 1,
  period: '2026-11',
  periodStart: new Date('2026-10-31T16:00:00Z'),
  periodEnd: new Date('2026-11-30T16:00:00Z'),
  dueAt: new Date('2026-11-20T16:00:00Z'),
  state: 'due',
  generatedLate: false,
  assigneeId: null,
  startedAt: null,
  submittedAt: null,
  results: [],
  signoff: null,
  createdAt: AT,
  updatedAt: AT,
  ...over,
});
// the lines as frozen at submit: one passed with a value, one failed with live evidence that did not hold
const FROZEN = [
  {
    lineKey: 'psu|DVR-1',
    item: { key: 'psu', subsystem: 'power', label: { zh: '电源', en: 'Power supply' }, type: 'number', required: true, appliesTo: ['dvr'] },
    deviceId: 'DVR-1',
    result: { lineKey: 'psu|DVR-1', outcome: 'pass', value: 12.1, note: null, photoIds: [], recordedAt: '2026-11-05T02:00:00Z', recordedBy: 'eng' },
    evidence: null,
  },
  {
    lineKey: 'rec|DVR-1',
    item: { key: 'rec', subsystem: 'recording', label: { zh: '录像', en: 'Recording' }, type: 'pass-fail', required: true, appliesTo: ['dvr'] },
    deviceId: 'DVR-1',
    result: { lineKey: 'rec|DVR-1', outcome: 'fail', value: null, note: '=HYPERLINK("x")', photoIds: ['ph'], recordedAt: '2026-11-05T02:05:00Z', recordedBy: 'eng' },
    evidence: { kind: 'recording', deviceId: 'DVR-1', ok: false, status: 'degraded', lastSeenAt: '2026-11-05T02:04:00Z', detail: 'disk 2 not recording' },
  },
  // [14] the retention line with what the stored video evidence said at submit
  {
    lineKey: 'retention-days|DVR-1',
    item: { key: 'retention-days', subsystem: 'camera', label: { zh: '录像保存天数', en: 'Days of recording kept' }, type: 'number', required: true, appliesTo: ['dvr'] },
    deviceId: 'DVR-1',
    result: { lineKey: 'retention-days|DVR-1', outcome: 'fail', value: 23, note: null, photoIds: [], recordedAt: '2026-11-05T02:06:00Z', recordedBy: 'eng' },
    evidence: null,
    videoEvidence: {
      kind: 'retention',
      deviceId: 'DVR-1',
      day: '2026-11-04',
      ok: false,
      value: 23,
      requiredDays: 30,
      failedChecks: [],
      detail: 'recording kept 23 d on 2026-11-04, least on ch 2 (required 30 d)',
    },
  },
];

/** The report service over the real PatrolService and AccessPolicy; the PDF writer records what is drawn. */
function setup(patrols: Patrol[], corrections: PatrolCorrection[] = []) {
  const drawn: unknown[][] = [];
  const writer: PdfWriter = {
    title(text) {
      drawn.push(['title', text]);
      return this;
    },
    field(label, value) {
      drawn.push(['field', label, value]);
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
      drawn.push(['table', t.columns.map((c) => c.title), t.rows]);
      return this;
    },
    image(label, url) {
      drawn.push(['image', label, url]);
      return this;
    },
  };
  const written: (readonly (readonly CsvCell[])[])[] = [];
  const listed: PatrolFilter[] = [];
  const { access, audit, tx, denied } = fakeAccess(SITES);
  const clock = new FakeClock('2026-12-02T02:00:00Z');
  const sites = strictFake<SiteRepository>('sites', { listAll: async () => SITES, findById: async (id: string) => SITES.find((s) => s.id === id) ?? null });
  const patrolService = new PatrolService(
    strictFake<PatrolRepository>('patrols', {
      findById: async (id: string) => patrols.find((p) => p.id === id) ?? null,
      frozenLines: async () => FROZEN,
      photos: async () => [],
      corrections: async () => corrections,
      list: async (f: PatrolFilter) => {
        listed.push(f);
        return { items: patrols, total: patrols.length };
      },
    }),
    strictFake<DeviceRepository>('devices'),
    strictFake<UserRepository>('users'),
    strictFake<FileStore>('files'),
    strictFake<FaultService>('faults'),
    tx,
    audit,
    clock,
    access,
    strictFake<ScheduledActions>('actions'),
    new InMemoryVideoEvidence(),
  );
  const service = new PatrolReportService(
    patrolService,
    sites,
    strictFake<ContractRepository>('contracts', { findById: async (id: string) => CONTRACTS.find((c) => c.id === id) ?? null }),
    access,
    strictFake<PdfRenderer>('pdfs', {
      render: async (build: (pdf: PdfWriter) => void) => {
        build(writer);
        return Buffer.from('%PDF');
      },
    }),
    strictFake<CsvWriter>('csv', {
      write: (rows: readonly (readonly CsvCell[])[]) => {
        written.push(rows);
        return 'csv';
      },
    }),
  );
  return { service, drawn, written, listed, denied };
}

describe(PatrolReportService.name, () => {
  const ofA = unitActor('supervisor', ['cust-a']);

  it('should answer 404 for a patrol, contract or site outside the scope, recorded, and render nothing', async () => {
    const { service, drawn, written, denied } = setup([makePatrol('pB', { siteId: 'sB', contractId: 'cB' })]);
    await expect(service.patrolPdf(ofA, 'pB')).rejects.toThrow(NotFoundError);
    await expect(service.patrolCsv(ofA, 'pB')).rejects.toThrow(NotFoundError);
    await expect(service.monthPdf(ofA, '2026-11', 'cB')).rejects.toThrow(NotFoundError);
    await expect(service.monthCsv(ofA, '2026-11', undefined, 'sB')).rejects.toThrow(NotFoundError);
    await expect(service.monthCsv(ofA, '2026-11', 'no-such')).rejects.toThrow(NotFoundError);
    expect(denied()).toEqual(['patrol', 'patrol', 'contract', 'site', 'contract']);
    expect([drawn, written]).toEqual([[], []]);
  });

  it('should refuse a month not written YYYY-MM, naming period', async () => {
    const refused = await setup([])
      .service.monthPdf(ofA, 'Nov 2026')
      .catch((e: unknown) => e);
    expect(refused instanceof InputError && refused.field).toBe('period');
  });

  it("should draw a patrol's record: its lines in both languages with result and evidence, the corrections, and the signature", async () => {
    const signoff = { signerName: '王经理', signerTitle: 'Manager', signature: 'data:image/png;base64,SIG', stamp: null, signedAt: new Date('2026-11-06T03:00:00Z') };
    const correction: PatrolCorrection = {
      patrolId: 'p1',
      lineKey: 'rec|DVR-1',
      outcome: 'pass',
      value: null,
      note: 'disk replaced',
      by: 'sup',
      at: new Date('2026-11-07T01:00:00Z'),
    };
    const { service, drawn } = setup([makePatrol('p1', { state: 'signed', generatedLate: true, submittedAt: new Date('2026-11-05T03:00:00Z'), signoff })], [correction]);
    await expect(service.patrolPdf(ofA, 'p1')).resolves.toEqual(Buffer.from('%PDF'));
    expect(drawn).toEqual([
      ['title', '巡检记录 Patrol record — monthly 2026-11'],
      ['field', '站点 Site', '城阳站 Chengyang (CY)'],
      ['field', '应完成 Due', '2026-11-21 00:00 (Asia/Shanghai)'],
      ['field', '状态 State', 'signed (generated late)'],
      ['field', '提交 Submitted', '2026-11-05 11:00 (Asia/Shanghai)'],
      [
        'table',
        expect.any(Array),
        [
          ['电源 / Power supply', 'DVR-1', '合格 pass', '12.1', ''],
          ['录像 / Recording', 'DVR-1', '不合格 fail', '=HYPERLINK("x")', '✗ disk 2 not recording'],
          ['录像保存天数 / Days of recording kept', 'DVR-1', '不合格 fail', '23', '✗ recording kept 23 d on 2026-11-04, least on ch 2 (required 30 d)'],
        ],
      ],
      ['title', '更正 Corrections'],
      ['table', expect.any(Array), [['rec|DVR-1', 'pass', 'disk replaced', 'sup 2026-11-07 09:00 (Asia/Shanghai)']]],
      ['field', '客户签字 Signed by', '王经理, Manager, 2026-11-06 11:00 (Asia/Shanghai)'],
      ['image', '签名 Signature', 'data:image/png;base64,SIG'],
      ['image', '盖章 Stamp', null],
    ]);
  });

  it("should leave a line to sign on a record not signed, and neutralise people's text in the CSV", async () => {
    const { service, drawn, written } = setup([makePatrol('p1')]);
    await service.patrolPdf(ofA, 'p1');
    expect(drawn.at(-1)).toEqual(['field', '客户签字 Customer signature', '________________    盖章 Stamp: ________________']);
    await expect(service.patrolCsv(ofA, 'p1')).resolves.toBe('\uFEFFcsv');
    const failed = written[0].find((row) => row[0] === 'rec|DVR-1')!;
    expect(failed[7]).toBe('\'=HYPERLINK("x")');
  });

  it("should list a month of the scope with each patrol's timing in the contract's zone", async () => {
    const due = new Date('2026-11-20T16:00:00Z');
    const { service, drawn, listed } = setup([
      makePatrol('on-time', { state: 'submitted', submittedAt: new Date(due.getTime() - 1) }),
      makePatrol('late', { state: 'submitted', submittedAt: new Date(due.getTime() + 1) }),
      makePatrol('missed'),
      makePatrol('overdue', { periodEnd: new Date('2026-12-31T16:00:00Z') }),
      makePatrol('open', { dueAt: new Date('2026-12-10T16:00:00Z'), periodEnd: new Date('2026-12-31T16:00:00Z') }),
    ]);
    await service.monthPdf(ofA, '2026-11', 'cA');
    expect(listed).toEqual([expect.objectContaining({ contractId: 'cA', siteIds: ['sA'], from: new Date('2026-10-31T16:00:00Z'), to: new Date('2026-11-30T16:00:00Z') })]);
    expect(drawn[1]).toEqual(['field', '合同 Contract', '青岛合同 Qingdao (Asia/Shanghai)']);
    expect((drawn[2][2] as string[][]).map((r) => [r[3], r[6]])).toEqual([
      ['2026-11-21 00:00 +08:00', 'on time'],
      ['2026-11-21 00:00 +08:00', 'late'],
      ['2026-11-21 00:00 +08:00', 'missed'],
      ['2026-11-21 00:00 +08:00', 'overdue'],
      ['2026-12-11 00:00 +08:00', 'open'],
    ]);
  });
});
