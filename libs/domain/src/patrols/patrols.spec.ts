import type { Condition } from '../health/condition';
import { linesFor, judgeItem, type ChecklistItem } from './checklist';
import { evidenceFor } from './evidence';
import { patrolTiming, planSites } from './patrol';
import { checkPlanCron, monthRange, periodAt, periodsBetween, periodsToGenerate } from './patrol-period';
import { validateTemplate } from './validate-template';
import { SEEDED_TEMPLATES } from './seeded-templates';

const SH = 'Asia/Shanghai';
const at = (s: string) => new Date(s);

describe(periodAt.name, () => {
  it('should make weekly periods start on Monday local time, due 30 minutes after the power-on', () => {
    const p = periodAt({ kind: 'weekly-power-on', timeZone: SH }, at('2026-11-22T10:00:00+08:00')); // a Sunday
    expect(p).toEqual({ key: '2026-11-16', startsAt: at('2026-11-16T00:00:00+08:00'), endsAt: at('2026-11-23T00:00:00+08:00'), dueAt: at('2026-11-16T09:30:00+08:00') });
    // Sunday 23:30 UTC is already Monday in Shanghai
    expect(periodAt({ kind: 'weekly-power-on', timeZone: SH }, at('2026-11-22T16:30:00Z')).key).toBe('2026-11-23');
  });

  it('should cross month and year ends', () => {
    expect(periodAt({ kind: 'monthly', timeZone: SH }, at('2026-12-31T23:59:00+08:00'))).toMatchObject({
      key: '2026-12',
      endsAt: at('2027-01-01T00:00:00+08:00'),
      dueAt: at('2027-01-01T00:00:00+08:00'),
    });
    expect(periodAt({ kind: 'monthly', timeZone: SH }, at('2026-12-31T16:00:00Z')).key).toBe('2027-01');
    expect(periodAt({ kind: 'monthly', timeZone: SH, dueAfterDays: 10 }, at('2026-02-03T00:00:00+08:00')).dueAt).toEqual(at('2026-02-11T00:00:00+08:00'));
    expect(periodAt({ kind: 'half-yearly', timeZone: SH }, at('2026-07-01T00:00:00+08:00'))).toMatchObject({ key: '2026-H2', endsAt: at('2027-01-01T00:00:00+08:00') });
    expect(periodAt({ kind: 'half-yearly', timeZone: SH }, at('2026-06-30T23:00:00+08:00')).key).toBe('2026-H1');
    expect(periodAt({ kind: 'weekly-power-on', timeZone: SH }, at('2026-01-01T12:00:00+08:00')).key).toBe('2025-12-29');
  });

  it('should list every period between two instants, for catching up after downtime', () => {
    expect(periodsBetween({ kind: 'monthly', timeZone: SH }, at('2026-10-15T00:00:00+08:00'), at('2027-01-02T00:00:00+08:00')).map((p) => p.key)).toEqual([
      '2026-10',
      '2026-11',
      '2026-12',
      '2027-01',
    ]);
    expect(periodsBetween({ kind: 'weekly-power-on', timeZone: SH }, at('2026-11-02T08:00:00+08:00'), at('2026-11-22T00:00:00+08:00'))).toHaveLength(3);
  });

  it('should read a YYYY-MM filter in the time zone and refuse anything else', () => {
    expect(monthRange('2026-11', SH)).toEqual({ from: at('2026-11-01T00:00:00+08:00'), to: at('2026-12-01T00:00:00+08:00') });
    expect(monthRange('2026-13', SH)).toBeNull();
  });
});

describe(periodsToGenerate.name, () => {
  const weekly = { kind: 'weekly-power-on' as const, timeZone: SH };
  const monthly = { kind: 'monthly' as const, timeZone: SH };
  // installed on Wednesday 2 December 2026, 13:30 local
  const installed = at('2026-12-02T13:30:00+08:00');

  it("should give a fresh install this week's and this month's patrol and none for periods that ended before it", () => {
    const weeks = periodsToGenerate(weekly, installed, installed);
    expect(weeks.map((p) => p.key)).toEqual(['2026-11-30']);
    const months = periodsToGenerate(monthly, installed, installed);
    expect(months).toEqual([{ key: '2026-12', startsAt: at('2026-12-01T00:00:00+08:00'), endsAt: at('2027-01-01T00:00:00+08:00'), dueAt: at('2027-01-01T00:00:00+08:00') }]);
  });

  it('should make a patrol whose due passed before the start due at the end of its period, never overdue from before', () => {
    const [week] = periodsToGenerate(weekly, installed, installed);
    // the power-on was due on Monday 09:30, two days before the install: the rest of the week is left
    expect(week).toMatchObject({ startsAt: at('2026-11-30T00:00:00+08:00'), dueAt: at('2026-12-07T00:00:00+08:00'), endsAt: at('2026-12-07T00:00:00+08:00') });
    // installed on the Monday before the power-on: its due stays
    expect(periodsToGenerate(weekly, at('2026-11-30T08:00:00+08:00'), installed)[0].dueAt).toEqual(at('2026-11-30T09:30:00+08:00'));
    // the weeks after keep their own due
    const later = periodsToGenerate(weekly, installed, at('2026-12-15T10:00:00+08:00'));
    expect(later.map((p) => [p.key, p.dueAt])).toEqual([
      ['2026-11-30', at('2026-12-07T00:00:00+08:00')],
      ['2026-12-07', at('2026-12-07T09:30:00+08:00')],
      ['2026-12-14', at('2026-12-14T09:30:00+08:00')],
    ]);
  });

  it('should catch up every period since the start after downtime, but no further back than the catch-up bound', () => {
    const since = at('2026-10-01T00:00:00+08:00');
    expect(periodsToGenerate(monthly, since, at('2026-12-05T00:00:00+08:00')).map((p) => p.key)).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(periodsToGenerate(monthly, since, at('2026-12-05T00:00:00+08:00'), at('2026-11-15T00:00:00+08:00')).map((p) => p.key)).toEqual(['2026-11', '2026-12']);
  });

  it('should give nothing before the start', () => {
    expect(periodsToGenerate(monthly, installed, at('2026-12-01T00:00:00+08:00'))).toEqual([]);
  });
});

describe(linesFor.name, () => {
  it('should list a site-level item once and a device item once per device of its types', () => {
    const monthly = SEEDED_TEMPLATES.find((t) => t.id === 'monthly')!;
    const lines = linesFor(monthly, [
      { id: 'SW1', type: 'switch' },
      { id: 'D1', type: 'dvr' },
      { id: 'C1', type: 'camera' },
      { id: 'C2', type: 'camera' },
    ]);
    expect(lines.filter((l) => l.item.key === 'cameras').map((l) => l.lineKey)).toEqual(['cameras@C1', 'cameras@C2']);
    expect(lines.filter((l) => l.item.key === 'dusting').map((l) => l.lineKey)).toEqual(['dusting']);
    expect(lines.some((l) => l.item.key === 'projectors')).toBe(false);
  });

  it('should ship every template with labels in both languages and unique keys', () => {
    for (const t of SEEDED_TEMPLATES) {
      expect(new Set(t.items.map((i) => i.key)).size).toBe(t.items.length);
      for (const i of t.items) expect(i.label.zh.length * i.label.en.length).toBeGreaterThan(0);
    }
  });
});

describe(judgeItem.name, () => {
  const n: ChecklistItem = { key: 'lamp', subsystem: 'display', label: { zh: '灯泡', en: 'lamp' }, type: 'number', required: true, appliesTo: null, min: 0, max: 3000 };
  it('should judge numbers by their limits and refuse what does not fit the item', () => {
    expect(judgeItem(n, { value: 2500 })).toEqual({ outcome: 'pass' });
    expect(judgeItem(n, { value: 3200 })).toEqual({ outcome: 'fail' });
    expect(judgeItem(n, { value: 'a lot' })).toEqual({ error: 'needs a number value' });
    expect(judgeItem(n, { outcome: 'n/a' })).toEqual({ error: 'is required and cannot be n/a' });
    expect(judgeItem({ ...n, type: 'pass-fail' }, { outcome: 'fail' })).toEqual({ outcome: 'fail' });
    expect(judgeItem({ ...n, type: 'pass-fail' }, {})).toEqual({ error: 'needs an outcome of pass or fail' });
    expect(judgeItem({ ...n, type: 'choice', choices: ['clean', 'dusty'] }, { value: 'muddy' })).toEqual({ error: 'needs one of clean, dusty' });
    expect(judgeItem({ ...n, type: 'text', required: false }, { outcome: 'n/a' })).toEqual({ outcome: 'n/a' });
  });
});

describe(evidenceFor.name, () => {
  const seen = at('2026-11-22T01:00:00Z');
  it('should prove recording from the heartbeats, and say when it cannot', () => {
    expect(evidenceFor('recording', { id: 'D1', status: 'online', lastSeenAt: seen, conditions: [] })).toMatchObject({ ok: true, lastSeenAt: seen });
    expect(evidenceFor('recording', { id: 'D1', status: 'degraded', lastSeenAt: seen, conditions: [{ kind: 'channel-not-recording', subject: '3' }] })).toMatchObject({
      ok: false,
      detail: 'channel-not-recording 3',
    });
    expect(evidenceFor('recording', { id: 'D1', status: 'degraded', lastSeenAt: seen, conditions: [{ kind: 'disk-warning', subject: '1' }] }).ok).toBe(true);
    expect(evidenceFor('disks', { id: 'D1', status: 'offline', lastSeenAt: seen, conditions: [] })).toMatchObject({ ok: false, detail: 'offline' });
    expect(evidenceFor('online', { id: 'D1', status: 'unknown', lastSeenAt: null, conditions: [] }).ok).toBeNull();
  });

  it('should count recording gaps and short retention against recording, stream and VQD results against video ([14])', () => {
    const degraded = (kind: Condition['kind'], subject?: string) => ({
      id: 'D1',
      status: 'degraded' as const,
      lastSeenAt: seen,
      conditions: [subject ? { kind, subject } : { kind }],
    });
    expect(evidenceFor('recording', degraded('recording-gap', '2'))).toMatchObject({ ok: false, detail: 'recording-gap 2' });
    expect(evidenceFor('recording', degraded('retention-short', '2'))).toMatchObject({ ok: false, detail: 'retention-short 2' });
    expect(evidenceFor('video', degraded('vqd-occlusion'))).toMatchObject({ ok: false, detail: 'vqd-occlusion' });
    expect(evidenceFor('video', degraded('stream-low', '1'))).toMatchObject({ ok: false, detail: 'stream-low 1' });
    expect(evidenceFor('recording', degraded('vqd-blur')).ok).toBe(true);
  });
});

describe(patrolTiming.name, () => {
  it('should call a patrol overdue after its due and missed after its period', () => {
    const p = { state: 'due' as const, dueAt: at('2026-11-16T09:30:00+08:00'), periodEnd: at('2026-11-23T00:00:00+08:00') };
    expect(patrolTiming(p, at('2026-11-16T09:00:00+08:00'))).toEqual({ overdue: false, missed: false });
    expect(patrolTiming(p, at('2026-11-17T09:00:00+08:00'))).toEqual({ overdue: true, missed: false });
    expect(patrolTiming(p, at('2026-11-23T00:00:00+08:00'))).toEqual({ overdue: true, missed: true });
    expect(patrolTiming({ ...p, state: 'submitted' }, at('2026-11-24T00:00:00+08:00'))).toEqual({ overdue: false, missed: false });
  });
});

describe('cron plans', () => {
  const SHZ = 'Asia/Shanghai';
  const when = (iso: string) => new Date(iso);

  it("should make a period per occurrence in the plan's zone, due after its duration or at the next one", () => {
    // every other Wednesday is not cron; every Wednesday at 14:00 is
    const schedule = { kind: 'monthly' as const, timeZone: SHZ, cron: '0 14 * * 3', durationMinutes: 120 };
    expect(periodAt(schedule, when('2026-12-02T07:00:00Z'))).toEqual({
      key: '2026-12-02T14:00',
      startsAt: when('2026-12-02T06:00:00Z'),
      endsAt: when('2026-12-09T06:00:00Z'),
      dueAt: when('2026-12-02T08:00:00Z'),
    });
    // just before the occurrence: the previous week's period
    expect(periodAt(schedule, when('2026-12-02T05:59:59Z')).key).toBe('2026-11-25T14:00');
    const open = periodAt({ ...schedule, durationMinutes: undefined }, when('2026-12-02T07:00:00Z'));
    expect(open.dueAt).toEqual(open.endsAt);
  });

  it('should walk occurrences across a year end without gaps or repeats', () => {
    const periods = periodsBetween({ kind: 'monthly', timeZone: SHZ, cron: '0 9 1 * *' }, when('2026-11-15T00:00:00Z'), when('2027-02-15T00:00:00Z'));
    expect(periods.map((p) => p.key)).toEqual(['2026-11-01T09:00', '2026-12-01T09:00', '2027-01-01T09:00', '2027-02-01T09:00']);
    for (let i = 1; i < periods.length; i += 1) expect(periods[i].startsAt).toEqual(periods[i - 1].endsAt);
  });

  it('should refuse what is not a five-field cron, or runs more often than hourly', () => {
    expect(checkPlanCron('0 9 * * 1', SHZ)).toBeNull();
    expect(checkPlanCron('0 9 * *', SHZ)).toContain('five fields');
    expect(checkPlanCron('0 9 * * 1 2026', SHZ)).toContain('five fields');
    expect(checkPlanCron('61 9 * * 1', SHZ)).toContain('not a cron expression');
    expect(checkPlanCron('*/30 * * * *', SHZ)).toContain('once an hour');
  });
});

describe(validateTemplate.name, () => {
  const item = {
    key: 'lamp-hours',
    subsystem: 'display',
    label: { zh: '灯泡时数', en: 'Lamp hours' },
    type: 'number',
    required: true,
    appliesTo: ['projector'],
    max: 3000,
    unit: 'h',
  };
  const good = {
    name: { zh: '月度巡检', en: 'Monthly' },
    items: [item, { key: 'dust', subsystem: 'network', label: { zh: '除尘', en: 'Dusting' }, type: 'pass-fail', required: false, appliesTo: null }],
  };

  it('should take a good template and keep only what an item may have', () => {
    const r = validateTemplate({ ...good, items: [{ ...item, colour: 'red' }, good.items[1]] });
    expect(r).toMatchObject({ ok: true, name: good.name });
    expect(r.ok && r.items[0]).toEqual(item);
  });

  it.each([
    [{ ...good, name: { zh: '月度' } }, 'name'],
    [{ ...good, items: [] }, 'items'],
    [{ ...good, items: [{ ...item, key: 'Lamp Hours' }] }, 'items[0].key'],
    [{ ...good, items: [item, item] }, 'items[1].key'],
    [{ ...good, items: [{ ...item, type: 'slider' }] }, 'items[0].type'],
    [{ ...good, items: [{ ...item, appliesTo: ['toaster'] }] }, 'items[0].appliesTo'],
    [{ ...good, items: [{ ...item, min: 10, max: 5 }] }, 'items[0].max'],
    [{ ...good, items: [{ ...item, type: 'choice', choices: ['only'] }] }, 'items[0].choices'],
    [{ ...good, items: [{ ...item, evidence: 'smell' }] }, 'items[0].evidence'],
    [{ ...good, items: [{ ...item, required: 'yes' }] }, 'items[0].required'],
  ])('should refuse %j naming %s', (raw, field) => {
    const r = validateTemplate(raw);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => e.field)).toEqual([field]);
  });
});

describe(planSites.name, () => {
  const sites = [
    { id: 'a1', contractId: 'ca' },
    { id: 'a2', contractId: 'ca' },
    { id: 'b1', contractId: 'cb' },
    { id: 'x', contractId: null },
  ];

  it('should take the sites a plan names, else those of its contract, else every site', () => {
    expect(planSites({ siteIds: ['a2', 'b1'], contractId: 'ca' }, sites).map((s) => s.id)).toEqual(['a2', 'b1']);
    expect(planSites({ siteIds: null, contractId: 'ca' }, sites).map((s) => s.id)).toEqual(['a1', 'a2']);
    expect(planSites({ siteIds: null, contractId: null }, sites).map((s) => s.id)).toEqual(['a1', 'a2', 'b1', 'x']);
  });
});
