import { describe, expect, it } from 'vitest';
import { DEMO_SLA_POLICY } from '@vigil/domain/sla/sla-policy';
import { addRegion, formToPolicy, policyToForm, removeRegion, targetPath, targetValue } from './sla-form';
import type { SlaPolicy } from './types';

describe('the SLA policy form', () => {
  it('should give back the policy it was made from', () => {
    expect(formToPolicy(policyToForm(DEMO_SLA_POLICY as SlaPolicy))).toEqual(DEMO_SLA_POLICY);
  });

  it("should send empty as no target, numbers as numbers, and anything else as typed for the server's message", () => {
    expect([targetValue(''), targetValue(' 30 '), targetValue('-5'), targetValue('1.5'), targetValue('soon')]).toEqual([null, 30, -5, 1.5, 'soon']);
    const form = policyToForm(DEMO_SLA_POLICY as SlaPolicy);
    form.targets['1'].Qingdao.respondMinutes = '0';
    form.targets['4'].province.arriveMinutes = 'soon';
    const policy = formToPolicy(form);
    expect(policy.levels['1'].Qingdao.respondMinutes).toBe(0);
    expect(policy.levels['4'].province.arriveMinutes).toBe('soon');
  });

  it('should add a region to every level with no targets, and remove it from every level', () => {
    const form = policyToForm(DEMO_SLA_POLICY as SlaPolicy);
    addRegion(form, ' Yantai ');
    addRegion(form, 'Qingdao');
    expect(form.regions).toEqual(['Qingdao', 'province', 'Yantai']);
    expect(formToPolicy(form).levels['3'].Yantai).toEqual({ respondMinutes: null, arriveMinutes: null, restoreMinutes: null, repairWorkingDays: null });
    removeRegion(form, 'province');
    expect(Object.keys(formToPolicy(form).levels['2'])).toEqual(['Qingdao', 'Yantai']);
  });

  it('should name a target as the server names its problem', () => {
    expect(targetPath('1', 'Qingdao', 'respondMinutes')).toBe('slaPolicy.levels.1.Qingdao.respondMinutes');
  });
});
