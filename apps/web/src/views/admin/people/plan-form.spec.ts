import { describe, expect, it } from 'vitest';
import { blankPlan, checkPlan, planBody, planZone, scheduleText, type PlanDraft } from './plan-form';
import type { ContractRow, SiteRow } from './types';

const NOW = new Date('2026-12-31T17:00:00Z'); // already 2027-01-01 in Shanghai
const draft = (over: Partial<PlanDraft> = {}): PlanDraft => ({ ...blankPlan('monthly', NOW), contractId: 'c1', ...over });

describe('patrol plan form', () => {
  it("should start a new plan today in the zone's calendar", () => {
    expect(blankPlan('monthly', NOW).startsOn).toBe('2027-01-01');
  });

  it('should send only what the chosen calendar uses', () => {
    expect(planBody(draft({ dueAfterDays: '10', weeklyAt: '08:00' }))).toEqual({ kind: 'monthly', contractId: 'c1', startsOn: '2027-01-01', dueAfterDays: 10 });
    expect(planBody(draft({ kind: 'weekly-power-on', reach: 'sites', siteIds: ['s1'], timeZone: ' Asia/Urumqi ' }))).toEqual({
      kind: 'weekly-power-on',
      contractId: 'c1',
      siteIds: ['s1'],
      startsOn: '2027-01-01',
      timeZone: 'Asia/Urumqi',
      weeklyAt: '09:00',
    });
    expect(planBody(draft({ reach: 'all', useCron: true, cron: ' 0  14 * * 3 ', durationMinutes: '120' }))).toEqual({
      kind: 'monthly',
      startsOn: '2027-01-01',
      cron: '0 14 * * 3',
      durationMinutes: 120,
    });
  });

  it('should name the field of each problem', () => {
    expect(checkPlan(draft())).toEqual([]);
    expect(checkPlan(draft({ contractId: '' })).map((p) => p.field)).toEqual(['contractId']);
    expect(checkPlan(draft({ reach: 'sites', siteIds: [] })).map((p) => p.field)).toEqual(['siteIds']);
    expect(checkPlan(draft({ startsOn: '2027-02-30', timeZone: 'Mars/Olympus' })).map((p) => p.field)).toEqual(['startsOn', 'timeZone']);
    expect(checkPlan(draft({ kind: 'weekly-power-on', weeklyAt: '9:00' })).map((p) => p.field)).toEqual(['weeklyAt']);
    expect(checkPlan(draft({ dueAfterDays: '181' })).map((p) => p.field)).toEqual(['dueAfterDays']);
    expect(checkPlan(draft({ useCron: true, cron: '0 14 * *', durationMinutes: '0' })).map((p) => p.field)).toEqual(['cron', 'durationMinutes']);
  });

  it("should run the calendar in the typed zone, else the contract's, else the first site's", () => {
    const sites = new Map([['s1', { id: 's1', timeZone: 'Asia/Urumqi' } as SiteRow]]);
    const contracts = new Map([['c1', { id: 'c1', timeZone: 'Asia/Hong_Kong' } as ContractRow]]);
    expect(planZone(draft({ timeZone: 'Europe/Berlin' }), sites, contracts)).toBe('Europe/Berlin');
    expect(planZone(draft(), sites, contracts)).toBe('Asia/Hong_Kong');
    expect(planZone(draft({ contractId: '', reach: 'sites', siteIds: ['s1'] }), sites, contracts)).toBe('Asia/Urumqi');
    expect(planZone(draft({ reach: 'all' }), sites, contracts)).toBe('Asia/Shanghai');
  });

  it("should put a plan's calendar in words", () => {
    expect(scheduleText({ kind: 'weekly-power-on', timeZone: 'Asia/Shanghai', weeklyAt: '08:30' })).toEqual({ key: 'people.plans.schedule.weekly', params: { at: '08:30' } });
    expect(scheduleText({ kind: 'monthly', timeZone: 'Asia/Shanghai' }).key).toBe('people.plans.schedule.month');
    expect(scheduleText({ kind: 'half-yearly', timeZone: 'Asia/Shanghai', dueAfterDays: 90 })).toEqual({ key: 'people.plans.schedule.halfDue', params: { days: 90 } });
    expect(scheduleText({ kind: 'monthly', timeZone: 'Asia/Shanghai', cron: '0 14 * * 3', durationMinutes: 60 }).key).toBe('people.plans.schedule.cronFor');
  });
});
