import { DEMO_CONTRACT_ID, DEMO_SLA_POLICY, SHIPPED_HOLIDAY_SCHEDULES, type Contract, type SlaPolicy } from '@vigil/domain';
import { fakeAccess, makeUnitSite, unitActor } from '../../../../test/support/fake-access';
import { strictFake } from '../../../../test/support/strict-fake';
import { ForbiddenError, NotFoundError } from '../errors';
import type { ContractRepository, HolidayScheduleRepository, SiteRepository } from '../ports';
import { FakeClock } from '../testing';
import { FaultContextService } from './fault-context.service';
import { SlaService } from './sla.service';

const AT = new Date('2026-01-01T00:00:00Z');
const OPENED = new Date('2026-11-10T02:00:00Z'); // a Tuesday, 10:00 in Qingdao
// the contract of customer A answers a level-2 fault in Qingdao within 15 minutes (the demo policy: 60)
const TIGHT: SlaPolicy = {
  ...DEMO_SLA_POLICY,
  levels: { ...DEMO_SLA_POLICY.levels, '2': { ...DEMO_SLA_POLICY.levels['2'], Qingdao: { ...DEMO_SLA_POLICY.levels['2'].Qingdao, respondMinutes: 15 } } },
};
const contract = (id: string, customerId: string, slaPolicy: object): Contract => ({
  id,
  customerId,
  name: id,
  startsOn: '2026-01-01',
  endsOn: '2027-12-31',
  timeZone: 'Asia/Shanghai',
  slaPolicy,
  createdAt: AT,
  updatedAt: AT,
});

function setup(contracts: Contract[]) {
  const clock = new FakeClock('2026-11-10T02:10:00Z');
  const { access, denied } = fakeAccess([makeUnitSite('sA', 'cust-a'), makeUnitSite('sD', 'demo-customer')]);
  const contractRepo = strictFake<ContractRepository>('contracts', { findById: async (id: string) => contracts.find((c) => c.id === id) ?? null });
  const context = new FaultContextService(
    strictFake<SiteRepository>('sites'),
    contractRepo,
    strictFake<HolidayScheduleRepository>('holidays', { list: async () => SHIPPED_HOLIDAY_SCHEDULES }),
  );
  return { service: new SlaService(context, clock, access, contractRepo), clock, denied };
}

describe(SlaService.name, () => {
  const fault = { level: 2 as const, region: 'Qingdao', openedAt: OPENED, events: [] };

  it('should refuse a role without sla.read with 403, and a contract outside the scope or unknown with 404', async () => {
    const { service, denied } = setup([contract('cA', 'cust-a', TIGHT)]);
    await expect(service.evaluate(unitActor('engineer'), { ...fault, contractId: 'cA' })).rejects.toThrow(ForbiddenError);
    await expect(service.evaluate(unitActor('operator', ['cust-b']), { ...fault, contractId: 'cA' })).rejects.toThrow(NotFoundError);
    await expect(service.evaluate(unitActor('admin'), { ...fault, contractId: 'nope' })).rejects.toThrow(NotFoundError);
    expect(denied()).toEqual(['permission', 'contract']);
  });

  it("should use the named contract's policy, and without one the demo contract's, checked the same way", async () => {
    const { service, denied } = setup([contract('cA', 'cust-a', TIGHT), contract(DEMO_CONTRACT_ID, 'demo-customer', DEMO_SLA_POLICY)]);
    const tight = await service.evaluate(unitActor('operator', ['cust-a']), { ...fault, contractId: 'cA' });
    expect(tight.steps.respond.due).toEqual(new Date('2026-11-10T02:15:00Z'));
    const demo = await service.evaluate(unitActor('operator', ['demo-customer']), fault);
    expect(demo.steps.respond.due).toEqual(new Date('2026-11-10T03:00:00Z'));
    await expect(service.evaluate(unitActor('operator', ['cust-a']), fault)).rejects.toThrow(NotFoundError);
    expect(denied()).toEqual(['contract']);
  });

  it('should fall back to the built-in policy when there is no demo contract, for any reader', async () => {
    const { service } = setup([]);
    const { steps } = await service.evaluate(unitActor('auditor', ['cust-a']), fault);
    expect(steps.respond.due).toEqual(new Date('2026-11-10T03:00:00Z'));
  });

  it('should judge the steps as of now on the clock unless asked as of another instant, storing nothing', async () => {
    const { service, clock } = setup([contract('cA', 'cust-a', TIGHT)]);
    const admin = unitActor('admin');
    expect((await service.evaluate(admin, { ...fault, contractId: 'cA' })).steps.respond.status).toBe('pending');
    await clock.advance(6 * 60_000);
    expect((await service.evaluate(admin, { ...fault, contractId: 'cA' })).steps.respond.status).toBe('breached');
    expect((await service.evaluate(admin, { ...fault, contractId: 'cA', asOf: new Date('2026-11-10T02:05:00Z') })).steps.respond.status).toBe('pending');
    const answered = await service.evaluate(admin, { ...fault, contractId: 'cA', events: [{ type: 'acknowledge', at: new Date('2026-11-10T02:12:00Z') }] });
    expect([answered.steps.respond.status, answered.steps.respond.completedAt]).toEqual(['met', new Date('2026-11-10T02:12:00Z')]);
  });
});
