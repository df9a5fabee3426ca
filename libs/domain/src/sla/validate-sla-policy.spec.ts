import { DEMO_SLA_POLICY } from './sla-policy';
import { validateSlaPolicy } from './validate-sla-policy';

describe(validateSlaPolicy.name, () => {
  it('should accept the demo policy', () => {
    expect(validateSlaPolicy(DEMO_SLA_POLICY)).toEqual([]);
  });

  it('should name every wrong field', () => {
    const broken = structuredClone(DEMO_SLA_POLICY) as unknown as Record<string, any>;
    broken.timeZone = 'Moon/Base';
    broken.repairMode = 'whenever';
    broken.levels['2'].Qingdao.respondMinutes = -5;
    delete broken.levels['3'].province;
    delete broken.levels['4'];
    expect(validateSlaPolicy(broken).map((e) => e.field)).toEqual([
      'slaPolicy.timeZone',
      'slaPolicy.repairMode',
      'slaPolicy.levels.2.Qingdao.respondMinutes',
      'slaPolicy.levels.3.province',
      'slaPolicy.levels.4',
    ]);
  });

  it('should refuse a policy that is not an object or has no regions', () => {
    expect(validateSlaPolicy(null)).toEqual([{ field: 'slaPolicy', message: 'must be an object' }]);
    expect(validateSlaPolicy({ ...DEMO_SLA_POLICY, regions: [] }).map((e) => e.field)).toContain('slaPolicy.regions');
  });
});
