import { describe, expect, it } from 'vitest';
import { adminPeople } from '@web/i18n/areas/admin-people';
import { i18n, setLocale } from '@web/i18n';
import type { TextTree } from '@web/i18n/types';
import { checkPlan, blankPlan } from './plan-form';
import { blankRota, checkRota } from './rota-form';
import { blankItem, checkTemplate } from './template-items';
import { blankWindow, checkMajorEvent, checkWindow } from './window-form';

/** Every source of these screens, as text: the keys they name must exist in both languages. */
const SOURCES = import.meta.glob<string>(['./*.vue', './*.ts', '!./*.spec.ts'], { query: '?raw', import: 'default', eager: true });

function leaves(tree: TextTree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : leaves(v, `${prefix}${k}.`)));
}

/** The keys the page's own checks produce, from inputs wrong in every way they know. */
function problemKeys(): string[] {
  const now = new Date('2026-12-02T02:00:00Z');
  const z = 'Asia/Shanghai';
  return [
    ...checkRota(
      {
        ...blankRota(now, z),
        name: '',
        members: ['a', 'a'],
        startsAt: 'x',
        shiftDays: 0,
        overrides: [
          { from: 'x', to: 'y', userId: '' },
          { from: '2026-12-02 10:00', to: '2026-12-01 10:00', userId: 'a' },
        ],
        webhooks: Array.from({ length: 11 }, () => ({ url: 'nope', format: 'json' as const })),
        escalateAfterMinutes: [0, 1, 2],
        repeatEveryMinutes: 0,
      },
      z,
    ),
    ...checkRota({ ...blankRota(now, z), name: 'r', members: [], escalateAfterMinutes: [5, 5, 5] }, z),
    ...checkTemplate({ nameZh: '', nameEn: '', items: [] }),
    ...checkTemplate({
      nameZh: 'x',
      nameEn: 'x',
      items: [
        { ...blankItem([]), key: 'A', subsystem: '', labelZh: '', unit: 'x'.repeat(21), type: 'number', min: 'a', max: '1' },
        { ...blankItem([]), key: 'k', type: 'number', min: '5', max: '1' },
        { ...blankItem([]), key: 'k', type: 'choice', choices: 'a' },
        { ...blankItem([]), key: 'c', type: 'choice', choices: `a\n${'b'.repeat(101)}` },
      ],
    }),
    ...checkWindow({ ...blankWindow(now, z), name: '', reason: 'x'.repeat(1001) }, z),
    ...checkWindow({ ...blankWindow(now, z), name: 'w', siteIds: ['s'], startsAt: '2026-12-02 10:00', endsAt: '2026-12-01 10:00' }, z),
    ...checkWindow({ ...blankWindow(now, z), name: 'w', siteIds: ['s'], startsAt: 'x', endsAt: '2027-12-01 10:00' }, z),
    ...checkWindow({ ...blankWindow(now, z), name: 'w', siteIds: ['s'], startsAt: '2026-01-01 10:00', endsAt: '2026-12-01 10:00' }, z),
    ...checkMajorEvent({ name: '', from: 'x', to: 'y', siteIds: [], raiseBy: 1 }, z),
    ...checkPlan({ ...blankPlan('weekly-power-on', now), contractId: '', startsOn: 'x', timeZone: 'Nowhere/Else', weeklyAt: '9' }),
    ...checkPlan({ ...blankPlan('monthly', now), reach: 'sites', dueAfterDays: '0' }),
    ...checkPlan({ ...blankPlan('monthly', now), reach: 'all', useCron: true, cron: '* *', durationMinutes: 'x' }),
  ].map((p) => p.key);
}

describe('the texts of the people, rota, window and plan screens', () => {
  const zh = leaves(adminPeople.zh);

  it('should have every key the screens name, in both languages', () => {
    const named = new Set<string>();
    for (const text of Object.values(SOURCES)) for (const m of text.matchAll(/['"`](people\.[a-zA-Z0-9_.]+[a-zA-Z0-9])['"`]/g)) named.add(m[1]);
    for (const key of problemKeys()) named.add(key);
    for (const step of ['backup', 'supervisor', 'manager']) named.add(`people.rotas.after.${step}`);
    for (const state of ['upcoming', 'active', 'ended']) named.add(`people.windows.states.${state}`);
    for (const s of ['weekly', 'month', 'monthDue', 'half', 'halfDue', 'cron', 'cronFor']) named.add(`people.plans.schedule.${s}`);
    expect(named.size).toBeGreaterThan(200);
    expect([...named].filter((k) => !zh.includes(k))).toEqual([]);
  });

  it('should compile every text in both languages (no stray @ or | of the message syntax)', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      setLocale(locale);
      for (const key of zh) {
        const text = i18n.global.t(key, {
          n: 1,
          name: 'x',
          max: 1,
          key: 'k',
          days: 1,
          zone: 'Z',
          s: 1,
          at: 'A',
          v: 1,
          version: 1,
          kind: 'K',
          contract: 'C',
          cron: 'c',
          minutes: 1,
          level: 'L',
          a: 1,
          b: 2,
          c: 3,
          r: 4,
          with: 1,
          all: 2,
          id: 'i',
        });
        expect([key, text.includes('people.')]).toEqual([key, false]);
      }
    }
    setLocale('zh-CN');
    expect(i18n.global.t('people.users.problem.username')).toContain('@');
  });
});
