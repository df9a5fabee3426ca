import { Subject } from 'rxjs';
import { DEFAULT_VIDEO_THRESHOLDS, type Contract, type Site } from '@vigil/domain';
import { makeUnitSite } from '../../../../test/support/fake-access';
import { strictFake } from '../../../../test/support/strict-fake';
import type { AssetChanges } from '../assets/asset-changes';
import type { ContractRepository, SiteRepository } from '../ports';
import { FakeClock, FakeScheduler } from '../testing';
import { PROFILE_REFRESH_MS, SiteVideoProfilesService } from './site-video-profiles.service';

const contract = (id: string, faultRules: object | null): Contract =>
  ({ id, customerId: 'c', name: id, startsOn: '2026-01-01', endsOn: '2027-12-31', timeZone: 'Asia/Shanghai', slaPolicy: {}, faultRules }) as Contract;

function setup() {
  const clock = new FakeClock('2026-12-02T00:00:00Z');
  let sites: Site[] = [makeUnitSite('bank', 'c', { contractId: 'k1', siteClass: 'bank', timeZone: 'Asia/Shanghai' }), makeUnitSite('plain', 'c')];
  let contracts: Contract[] = [contract('k1', { video: { maxGapMinutes: 15, retentionDays: { bank: 45 } } })];
  let failing = false;
  let reads = 0;
  const changed = new Subject<unknown>();
  const service = new SiteVideoProfilesService(
    strictFake<SiteRepository>('sites', {
      listAll: async () => {
        reads++;
        if (failing) throw new Error('database away');
        return sites;
      },
    }),
    strictFake<ContractRepository>('contracts', { list: async () => contracts }),
    new FakeScheduler(clock),
    strictFake<AssetChanges>('asset changes', { sitesChanged$: changed.asObservable() }),
  );
  return {
    service,
    clock,
    changed,
    setSites: (s: Site[]) => (sites = s),
    setContracts: (c: Contract[]) => (contracts = c),
    fail: (f: boolean) => (failing = f),
    reads: () => reads,
  };
}

describe(SiteVideoProfilesService.name, () => {
  it("should load each site's zone, class and its contract's thresholds merged over the defaults", async () => {
    const { service } = setup();
    await service.onModuleInit();
    expect(service.profileOf('bank')).toEqual({
      siteId: 'bank',
      timeZone: 'Asia/Shanghai',
      siteClass: 'bank',
      thresholds: { ...DEFAULT_VIDEO_THRESHOLDS, maxGapMinutes: 15, retentionDays: { ...DEFAULT_VIDEO_THRESHOLDS.retentionDays, bank: 45 } },
    });
    expect(service.profileOf('plain')).toEqual({ siteId: 'plain', timeZone: 'Asia/Shanghai', siteClass: 'general', thresholds: DEFAULT_VIDEO_THRESHOLDS });
    expect(service.profileOf('nowhere')).toEqual({ siteId: 'nowhere', timeZone: 'UTC', siteClass: 'general', thresholds: DEFAULT_VIDEO_THRESHOLDS });
    service.onModuleDestroy();
  });

  it('should reread every minute on the scheduler, and keep what it knew when a read fails', async () => {
    const { service, clock, setSites, fail } = setup();
    await service.onModuleInit();
    setSites([makeUnitSite('bank', 'c', { siteClass: 'hotel', timeZone: 'Europe/Berlin' })]);
    await clock.advance(PROFILE_REFRESH_MS - 1);
    expect(service.profileOf('bank').siteClass).toBe('bank');
    await clock.advance(1);
    expect(service.profileOf('bank')).toMatchObject({ siteClass: 'hotel', timeZone: 'Europe/Berlin', thresholds: DEFAULT_VIDEO_THRESHOLDS });
    fail(true);
    await clock.advance(PROFILE_REFRESH_MS);
    expect(service.profileOf('bank').siteClass).toBe('hotel');
    service.onModuleDestroy();
    expect(clock.pending).toEqual([]);
  });

  it('should reread at once when sites or fault rules change, once more for a change during a read', async () => {
    const { service, changed, setContracts, reads } = setup();
    await service.onModuleInit();
    expect(reads()).toBe(1);
    setContracts([contract('k1', { video: { vqdMinScore: 80 } })]);
    changed.next({ at: 1 });
    changed.next({ at: 2 });
    await service.refresh();
    await service.refresh();
    expect(service.profileOf('bank').thresholds.vqdMinScore).toBe(80);
    expect(reads()).toBeLessThanOrEqual(4);
    service.onModuleDestroy();
  });
});
