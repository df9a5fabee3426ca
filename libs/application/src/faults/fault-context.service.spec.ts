import { DEFAULT_FAULT_RULES, DEMO_CONTRACT_ID, DEMO_SLA_POLICY, type Contract, type HolidaySchedule, type SlaPolicy } from '@vigil/domain';
import { makeUnitSite } from '../../../../test/support/fake-access';
import { strictFake } from '../../../../test/support/strict-fake';
import { NotFoundError } from '../errors';
import type { ContractRepository, HolidayScheduleRepository, SiteRepository } from '../ports';
import { FaultContextService } from './fault-context.service';

const AT = new Date('2026-01-01T00:00:00Z');
const UTC_POLICY: SlaPolicy = { ...DEMO_SLA_POLICY, timeZone: 'UTC' };
const makeContract = (id: string, overrides: Partial<Contract> = {}): Contract => ({
  id,
  customerId: 'cust-a',
  name: id,
  startsOn: '2026-01-01',
  endsOn: '2027-12-31',
  timeZone: 'UTC',
  slaPolicy: UTC_POLICY,
  faultRules: { siteOfflineLevel: 1 },
  createdAt: AT,
  updatedAt: AT,
  ...overrides,
});
const HOLIDAYS: HolidaySchedule[] = [{ year: 2026, daysOff: ['2026-10-01'], makeUpWorkdays: ['2026-10-10'] }];

/** Sites s-own (under contract c1) and s-none (no contract); contracts c1 and, unless told, the demo contract. */
function setup(opts: { demoContract?: boolean } = {}) {
  const sites = [makeUnitSite('s-own', 'cust-a', { contractId: 'c1' }), makeUnitSite('s-none', 'cust-a')];
  const contracts = [makeContract('c1'), ...(opts.demoContract === false ? [] : [makeContract(DEMO_CONTRACT_ID, { slaPolicy: DEMO_SLA_POLICY, faultRules: null })])];
  const asked: string[] = [];
  const service = new FaultContextService(
    strictFake<SiteRepository>('sites', { findById: async (id: string) => sites.find((s) => s.id === id) ?? null }),
    strictFake<ContractRepository>('contracts', {
      findById: async (id: string) => {
        asked.push(id);
        return contracts.find((c) => c.id === id) ?? null;
      },
    }),
    strictFake<HolidayScheduleRepository>('holidays', { list: async () => HOLIDAYS }),
  );
  return { service, asked };
}

describe(FaultContextService.name, () => {
  it("should answer a site's own contract terms: its policy, its rules over the defaults, the holidays in the policy's zone", async () => {
    const { service, asked } = setup();

    const ctx = await service.forSite('s-own');

    expect(asked).toEqual(['c1']);
    expect(ctx.site.id).toBe('s-own');
    expect(ctx.contract?.id).toBe('c1');
    expect(ctx.policy).toBe(UTC_POLICY);
    expect(ctx.rules).toEqual({ ...DEFAULT_FAULT_RULES, siteOfflineLevel: 1 });
    expect(ctx.calendar.timeZone).toBe('UTC');
    expect(ctx.calendar.isWorkingDay('2026-10-01')).toBe(false);
    expect(ctx.calendar.isWorkingDay('2026-10-10')).toBe(true);
  });

  it('should give a site without a contract the demo contract, and the defaults when there is none', async () => {
    const withDemo = await setup().service.forSite('s-none');
    expect(withDemo.contract?.id).toBe(DEMO_CONTRACT_ID);
    expect(withDemo.policy).toBe(DEMO_SLA_POLICY);

    const bare = await setup({ demoContract: false }).service.forSite('s-none');
    expect(bare.contract).toBeNull();
    expect(bare.policy).toBe(DEMO_SLA_POLICY);
    expect(bare.rules).toEqual(DEFAULT_FAULT_RULES);
    expect(bare.calendar.timeZone).toBe('Asia/Shanghai');
  });

  it('should refuse an unknown site with a 404 before reading any contract', async () => {
    const { service, asked } = setup();

    await expect(service.forSite('nowhere')).rejects.toThrow(NotFoundError);
    expect(asked).toEqual([]);
  });

  it('should answer a named contract, 404 for an unknown one, and the demo terms (or defaults) when none is named', async () => {
    const { service } = setup({ demoContract: false });

    expect((await service.forContract('c1')).policy).toBe(UTC_POLICY);
    await expect(service.forContract('c-unknown')).rejects.toThrow(NotFoundError);
    const unnamed = await service.forContract(undefined);
    expect(unnamed.contract).toBeNull();
    expect(unnamed.rules).toEqual(DEFAULT_FAULT_RULES);
  });
});
