import type { Contract, Device } from '@vigil/domain';
import { fakeAccess, makeUnitSite, unitActor } from '../../../../test/support/fake-access';
import { strictFake } from '../../../../test/support/strict-fake';
import { InputError, NotFoundError } from '../errors';
import type { ContractRepository, DeviceRepository, OnlineHistoryRepository, SiteRepository } from '../ports';
import { FakeClock } from '../testing';
import { FixedSiteVideoProfiles, InMemoryVideoEvidence } from '../testing/in-memory-video-evidence';
import { VideoEvidenceRecorder } from './video-evidence-recorder';
import { VideoFiguresService } from './video-figures.service';

const SITES = [
  makeUnitSite('sA', 'cust-a', { contractId: 'cA', name: '城阳站' }),
  makeUnitSite('sA2', 'cust-a', { contractId: 'cA', name: 'Berlin office', timeZone: 'Europe/Berlin' }),
  makeUnitSite('sB', 'cust-b', { contractId: 'cB' }),
];
const CONTRACT = { id: 'cA', customerId: 'cust-a', name: 'A contract', timeZone: 'Asia/Shanghai' } as Contract;

async function setUp() {
  const clock = new FakeClock('2026-12-03T06:00:00Z');
  const store = new InMemoryVideoEvidence();
  const recorder = new VideoEvidenceRecorder(
    new FixedSiteVideoProfiles({ sA: { timeZone: 'Asia/Shanghai' }, sA2: { timeZone: 'Europe/Berlin' }, sB: { timeZone: 'Asia/Shanghai' } }),
    store,
    { every: () => () => undefined, after: () => () => undefined },
  );
  // DVR-A channel 1 is first heard at 00:00:30 on 1 November (Shanghai) and records that whole day; on 2 November it reports
  // from 00:00:30 to 23:59:59 with a two-hour gap; it keeps 35 days of 30
  const hb = (at: string, recordedSec: number) =>
    recorder.observe({ deviceId: 'DVR-A', siteId: 'sA', at: new Date(at), channels: [{ ch: 1, recordedSec, oldestRecording: '2026-09-28' }] });
  hb('2026-10-31T16:00:30Z', 30);
  hb('2026-11-01T15:59:59Z', 86_399);
  hb('2026-11-01T16:00:30Z', 30);
  hb('2026-11-02T15:59:59Z', 86_399 - 7200);
  recorder.observe({ deviceId: 'DVR-A', siteId: 'sA', at: new Date('2026-11-02T08:00:00Z'), vqd: { ch: 1, failed: [], passed: ['blur'] } });
  // the Berlin site's recorder, one whole day (1 November, Berlin) recorded
  recorder.observe({ deviceId: 'NVR-B2', siteId: 'sA2', at: new Date('2026-10-31T23:00:00Z'), channels: [{ ch: 1, recordedSec: 0 }] });
  recorder.observe({ deviceId: 'NVR-B2', siteId: 'sA2', at: new Date('2026-11-01T22:59:59Z'), channels: [{ ch: 1, recordedSec: 86_399 }] });
  recorder.observe({ deviceId: 'DVR-B', siteId: 'sB', at: new Date('2026-11-02T04:00:00Z'), channels: [{ ch: 1, recordedSec: 1 }] });
  await recorder.flush();
  const { access, denied } = fakeAccess(SITES);
  const service = new VideoFiguresService(
    store,
    strictFake<SiteRepository>('sites', { listAll: async () => SITES, findById: async (id: string) => SITES.find((s) => s.id === id) ?? null }),
    strictFake<ContractRepository>('contracts', { findById: async (id: string) => (id === 'cA' ? CONTRACT : null) }),
    strictFake<DeviceRepository>('devices', { findByIds: async (ids: string[]) => ids.map((id) => ({ id, name: `${id} name` }) as Device) }),
    strictFake<OnlineHistoryRepository>('online', {
      breakdown: async (_from: string, _to: string, by: string) =>
        by === 'site' ? [{ key: 'sA', onlineSec: 900, observedSec: 1000 }] : by === 'device' ? [{ key: 'DVR-A', onlineSec: 900, observedSec: 1000 }] : [],
      siteHours: async () => [{ siteId: 'sA', hour: '2026-11-02T01', onlineSec: 1800, observedSec: 3600 }],
    }),
    clock,
    access,
  );
  return { service, denied };
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

describe(VideoFiguresService.name, () => {
  it("should give a contract's figures per site on each site's own local days, per device and channel, beside the online rate", async () => {
    const { service } = await setUp();
    const r = await service.figures(unitActor('admin'), { contractId: 'cA', month: '2026-11' });
    const sA = r.sites.find((s) => s.siteId === 'sA')!;
    // 2 November: from midnight to 23:59:59, two hours missing; 1 November is the channel's first day: counted from its first report
    expect(sA.days[1]).toMatchObject({ day: '2026-11-02', completeness: round4((86_399 - 7200) / 86_399), retentionCompliance: 1, intactRate: 1, onlineRate: 0.5 });
    expect(sA.days[0]).toMatchObject({ day: '2026-11-01', completeness: 1 });
    expect(sA.days[2]).toMatchObject({ completeness: null, unknownChannelDays: 1 });
    expect(sA).toMatchObject({ siteName: '城阳站', timeZone: 'Asia/Shanghai', onlineRate: 0.9, unknownChannelDays: 28 });
    expect(sA.devices).toEqual([expect.objectContaining({ deviceId: 'DVR-A', deviceName: 'DVR-A name', onlineRate: 0.9, channels: [expect.objectContaining({ ch: 1 })] })]);
    const berlin = r.sites.find((s) => s.siteId === 'sA2')!;
    expect(berlin).toMatchObject({ timeZone: 'Europe/Berlin', completeness: 1, unknownChannelDays: 29, onlineRate: null });
    // the contract: Σ recorded / Σ expected over both sites' days
    expect(r.completeness).toBe(round4((86_369 + 86_399 - 7200 + 86_399) / (86_369 + 86_399 + 86_399)));
    expect(r.sites.map((s) => s.siteId)).not.toContain('sB');
  });

  it("should keep a scoped user to their own: another customer's contract or site is 404, and the estate view holds only theirs", async () => {
    const { service, denied } = await setUp();
    const ofB = unitActor('operator', ['cust-b']);
    await expect(service.figures(ofB, { contractId: 'cA', month: '2026-11' })).rejects.toThrow(NotFoundError);
    await expect(service.figures(ofB, { siteId: 'sA', month: '2026-11' })).rejects.toThrow(NotFoundError);
    expect(denied()).toEqual(['contract', 'site']);
    const own = await service.figures(ofB, { month: '2026-11' });
    expect(own.sites.map((s) => s.siteId)).toEqual(['sB']);
    const engineer = await service.figures(unitActor('engineer', ['cust-a']), { siteId: 'sA', day: '2026-11-02' });
    expect(engineer.sites[0].days).toEqual([expect.objectContaining({ day: '2026-11-02', completeness: round4((86_399 - 7200) / 86_399) })]);
  });

  it('should refuse a bad month, day or pair with a 400 naming the field, and an unknown contract or site with 404', async () => {
    const { service } = await setUp();
    const field = (p: Promise<unknown>) => p.then(() => null).catch((e: unknown) => (e instanceof InputError ? e.field : e));
    expect(await field(service.figures(unitActor('admin'), { month: '2026-13' }))).toBe('month');
    expect(await field(service.figures(unitActor('admin'), { day: '2026-02-30' }))).toBe('day');
    expect(await field(service.figures(unitActor('admin'), { month: '2026-11', day: '2026-11-02' }))).toBe('day');
    expect(await field(service.figures(unitActor('admin'), { contractId: 'cA', siteId: 'sA' }))).toBe('siteId');
    await expect(service.figures(unitActor('admin'), { contractId: 'nope' })).rejects.toThrow(NotFoundError);
    await expect(service.figures(unitActor('admin'), { siteId: 'nope' })).rejects.toThrow(NotFoundError);
  });

  it('should give each site its own local today when no period is named, and nothing known of a day ahead', async () => {
    const { service } = await setUp();
    const today = await service.figures(unitActor('admin'), {});
    expect(today.period).toEqual({ day: null });
    expect(today.sites.find((s) => s.siteId === 'sA')!.days.map((d) => d.day)).toEqual(['2026-12-03']);
    expect(today.completeness).toBeNull();
    const ahead = await service.figures(unitActor('admin'), { day: '2027-01-01' });
    expect(ahead.sites.every((s) => s.days.length === 0)).toBe(true);
  });
});
