import { DEFAULT_PARTS_TERMS, type Fault, type FaultLevel, type User } from '@vigil/domain';
import { fakeAccess, makeUnitSite } from '../../../../test/support/fake-access';
import { strictFake } from '../../../../test/support/strict-fake';
import type { AlertBudgetService, AlertOffer } from '../alerting/alert-budget.service';
import type { PartsTermsService } from '../contracts/parts-terms.service';
import { FaultTransitionHooks } from '../faults/fault-transition-hooks';
import type { FaultFilter, FaultRepository, RepeatFailure, RepeatFailureRepository, UserRepository } from '../ports';
import { makeFault } from '../testing/alerting-fakes';
import { RepeatFailures } from './repeat-failures';

const t = (iso: string) => new Date(iso);
const SITES = [makeUnitSite('sA', 'cust-a'), makeUnitSite('sB', 'cust-b')];
const user = (id: string, customerIds: string[] | null, active = true) =>
  ({ id, role: 'supervisor', active, scope: customerIds ? { customerIds, siteIds: [] } : null }) as unknown as User;

function setup(history: Fault[], repeatFailureDays = 30) {
  const { access } = fakeAccess(SITES);
  const flags = new Map<string, RepeatFailure>();
  const paged: { faultId: string; alert: AlertOffer; userIds: string[]; level: FaultLevel }[] = [];
  const asked: FaultFilter[] = [];
  const hooks = new FaultTransitionHooks();
  const rule = new RepeatFailures(
    hooks,
    strictFake<FaultRepository>('faults', {
      list: async (f: FaultFilter) => (asked.push(f), { items: history, total: history.length }),
    }),
    strictFake<RepeatFailureRepository>('flags', {
      insert: async (flag: RepeatFailure) => (flags.has(flag.faultId) ? false : (flags.set(flag.faultId, flag), true)),
    }),
    strictFake<PartsTermsService>('terms', { forContract: async () => ({ ...DEFAULT_PARTS_TERMS, repeatFailureDays }) }),
    strictFake<UserRepository>('users', { list: async () => ({ items: [user('sup-all', null), user('sup-b', ['cust-b']), user('sup-gone', null, false)], total: 3 }) }),
    strictFake<AlertBudgetService>('budget', {
      offer: async (fault: Fault, alert: AlertOffer, userIds: string[]) => (paged.push({ faultId: fault.id, alert, userIds, level: fault.level }), userIds.length),
    }),
    access,
  );
  rule.onModuleInit();
  return { rule, hooks, flags, paged, asked };
}

describe(RepeatFailures.name, () => {
  const repaired = makeFault({ id: 'F1', deviceId: 'CAM-1', siteId: 'sA', kind: 'offline', state: 'closed', closedAt: t('2026-12-10T00:00:00Z'), clearedAt: null });
  const now = makeFault({ id: 'F2', deviceId: 'CAM-1', siteId: 'sA', kind: 'offline', openedAt: t('2026-12-20T00:00:00Z') });

  it('should flag a fault opening within the window of a repaired one, and page the supervisors covering the site once', async () => {
    const { hooks, flags, paged, asked } = setup([repaired]);
    await hooks.runOpened(now);
    await hooks.runOpened(now);
    expect(asked[0]).toMatchObject({ deviceId: 'CAM-1', kind: 'offline', state: 'closed' });
    expect(flags.get('F2')).toMatchObject({ earlierFaultId: 'F1', deviceId: 'CAM-1', siteId: 'sA' });
    expect(paged).toHaveLength(1);
    expect(paged[0]).toMatchObject({ faultId: 'F2', userIds: ['sup-all'], alert: { kind: 'alert' } });
  });

  it('should leave alone a fault past the window, one whose earlier twin cleared by itself, and any when the rule is off', async () => {
    expect(await setup([repaired], 5).rule.check(now)).toBeNull();
    expect(await setup([{ ...repaired, clearedAt: repaired.closedAt }]).rule.check(now)).toBeNull();
    expect(await setup([repaired], 0).rule.check(now)).toBeNull();
    expect(await setup([repaired]).rule.check({ ...now, deviceId: null })).toBeNull();
  });
});
