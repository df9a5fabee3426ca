import { WorkingCalendar, type HolidaySchedule, type OnCallRota } from '@vigil/domain';
import { makeUnitSite } from '../../../../test/support/fake-access';
import { strictFake } from '../../../../test/support/strict-fake';
import type { FaultContext, FaultContextService } from '../faults/fault-context.service';
import type { OnCallRotaRepository } from '../ports';
import { makeFault, makeRota } from '../testing/alerting-fakes';
import { RotaRouter } from './rota-router';

/** Wednesday 2 December 2026, 10:00 in Shanghai; 20:00 the same day. */
const WORKING = new Date('2026-12-02T02:00:00Z');
const EVENING = new Date('2026-12-02T12:00:00Z');
const NO_HOLIDAYS: HolidaySchedule[] = [{ year: 2026, daysOff: [], makeUpWorkdays: [] }];

const catchAll = makeRota({ id: 'all' });
const byContract = makeRota({ id: 'contract', contractId: 'c1' });
const byRegion = makeRota({ id: 'region', regions: ['north'] });
const bySite = makeRota({ id: 'site', siteIds: ['S1'] });
const office = makeRota({ id: 'office', cover: '5x8' });

/** The router over a list of rotas and site S1 (08:30-17:30, Shanghai) with its holiday calendar. */
function setup(rotas: OnCallRota[], holidays: HolidaySchedule[] = NO_HOLIDAYS) {
  const context = strictFake<FaultContextService>('context', {
    forSite: async (siteId: string) => ({ site: makeUnitSite(siteId, 'cust-a'), calendar: new WorkingCalendar(holidays, 'Asia/Shanghai') }) as FaultContext,
  });
  return new RotaRouter(strictFake<OnCallRotaRepository>('rotas', { list: async () => rotas }), context);
}

describe(RotaRouter.name, () => {
  it('should pick the most specific covering rota: by site, then region, then contract, then the catch-all', async () => {
    const fault = makeFault({ contractId: 'c1' });
    const rotas = [catchAll, byContract, byRegion, bySite];

    expect((await setup(rotas).rotaFor(fault, EVENING))?.id).toBe('site');
    expect((await setup(rotas.slice(0, 3)).rotaFor(fault, EVENING))?.id).toBe('region');
    expect((await setup(rotas.slice(0, 2)).rotaFor(fault, EVENING))?.id).toBe('contract');
    expect((await setup(rotas.slice(0, 1)).rotaFor(fault, EVENING))?.id).toBe('all');
  });

  it('should pass over rotas that do not cover the fault, and answer null when none does', async () => {
    const rotas = [makeRota({ id: 'other-site', siteIds: ['S2'] }), makeRota({ id: 'low-levels', maxLevel: 1 }), makeRota({ id: 'other-contract', contractId: 'c2' })];

    expect(await setup(rotas).rotaFor(makeFault({ level: 2, contractId: 'c1' }), WORKING)).toBeNull();
    expect((await setup([...rotas, catchAll]).rotaFor(makeFault({ level: 2, contractId: 'c1' }), WORKING))?.id).toBe('all');
  });

  it("should put a 5x8 rota first in the site's working hours, and the 7x24 one outside them", async () => {
    const router = setup([bySite, office]);

    expect((await router.rotaFor(makeFault(), WORKING))?.id).toBe('office');
    expect((await router.rotaFor(makeFault(), EVENING))?.id).toBe('site');
    expect((await router.rotaFor(makeFault(), new Date('2026-12-02T00:29:00Z')))?.id).toBe('site'); // 08:29 local
    expect(await setup([office]).rotaFor(makeFault(), EVENING)).toBeNull();
  });

  it('should leave a 5x8 rota out on a public holiday, and count it in when the year has no holiday calendar', async () => {
    const holiday = [{ year: 2026, daysOff: ['2026-12-02'], makeUpWorkdays: [] }];

    expect((await setup([catchAll, office], holiday).rotaFor(makeFault(), WORKING))?.id).toBe('all');
    expect((await setup([catchAll, office], []).rotaFor(makeFault(), WORKING))?.id).toBe('office');
  });

  it('should still keep a 5x8 rota to its working hours when the year has no holiday calendar', async () => {
    expect((await setup([catchAll, office], []).rotaFor(makeFault(), EVENING))?.id).toBe('all');
  });
});
