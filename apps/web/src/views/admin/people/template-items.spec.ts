import { describe, expect, it } from 'vitest';
import { SEEDED_TEMPLATES } from '@vigil/domain/patrols/seeded-templates';
import { validateTemplate } from '@vigil/domain/patrols/validate-template';
import { blankItem, checkTemplate, draftOf, itemOf, latestTemplates, problemAt, templateOf, type ItemDraft, type TemplateDraft } from './template-items';

const monthly = SEEDED_TEMPLATES.find((t) => t.id === 'monthly')!;
const draft = (items: ItemDraft[]): TemplateDraft => ({ nameZh: '月度巡检', nameEn: 'Monthly', items });
const item = (over: Partial<ItemDraft>): ItemDraft => ({ ...blankItem([]), subsystem: 'network', labelZh: '交换机温度', labelEn: 'Switch temperature', ...over });

describe('checklist items', () => {
  it('should read a shipped template into the editor and write it back unchanged', () => {
    const back = templateOf({ nameZh: monthly.name.zh, nameEn: monthly.name.en, items: monthly.items.map(draftOf) });
    expect(back).toEqual({ name: monthly.name, items: monthly.items.map((i) => JSON.parse(JSON.stringify(i))) });
    expect(checkTemplate({ nameZh: monthly.name.zh, nameEn: monthly.name.en, items: monthly.items.map(draftOf) })).toEqual([]);
  });

  it('should send only the fields of the item type: limits for numbers, choices for choices', () => {
    expect(itemOf(item({ type: 'number', min: '0', max: ' 60 ', unit: '°C', choices: 'a\nb' }))).toEqual({
      key: 'item-1',
      subsystem: 'network',
      label: { zh: '交换机温度', en: 'Switch temperature' },
      type: 'number',
      required: true,
      appliesTo: null,
      unit: '°C',
      min: 0,
      max: 60,
    });
    expect(itemOf(item({ type: 'choice', min: '1', choices: 'ok\n\n warning \n' }))).toMatchObject({ choices: ['ok', 'warning'] });
    expect(itemOf(item({ type: 'choice' }))).not.toHaveProperty('min');
    expect(itemOf(item({ appliesTo: ['switch'], evidence: 'ports' }))).toMatchObject({ appliesTo: ['switch'], evidence: 'ports' });
  });

  it('should name the item and field of each problem', () => {
    const problems = checkTemplate(
      draft([
        item({ key: 'Temp 1' }),
        item({ key: 'a' }),
        item({ key: 'a', labelEn: ' ' }),
        item({ key: 'b', type: 'number', min: '70', max: '60' }),
        item({ key: 'c', type: 'number', min: 'ten' }),
        item({ key: 'd', type: 'choice', choices: 'only one' }),
        item({ key: 'e', unit: 'x'.repeat(21) }),
      ]),
    );
    expect(problems.map((p) => [p.index, p.field, p.key])).toEqual([
      [0, 'key', 'people.templates.problem.key'],
      [2, 'key', 'people.templates.problem.keyTwice'],
      [2, 'labelEn', 'people.templates.problem.label'],
      [3, 'max', 'people.templates.problem.maxBelowMin'],
      [4, 'min', 'people.templates.problem.number'],
      [5, 'choices', 'people.templates.problem.choices'],
      [6, 'unit', 'people.templates.problem.unit'],
    ]);
    expect(checkTemplate({ nameZh: '', nameEn: 'x', items: [] }).map((p) => p.field)).toEqual(['nameZh', 'items']);
  });

  it("should agree with the server's validateTemplate on what may be published", () => {
    const cases: TemplateDraft[] = [
      draft([item({})]),
      draft([item({ key: 'UPPER' })]),
      draft([item({}), item({})]),
      draft([item({ subsystem: '' })]),
      draft([item({ labelZh: '   ' })]),
      draft([item({ type: 'number', min: '5', max: '1' })]),
      draft([item({ type: 'number', min: '-5', max: '5' })]),
      draft([item({ type: 'choice', choices: 'a' })]),
      draft([item({ type: 'choice', choices: 'a\nb' })]),
      draft([item({ type: 'choice', choices: `a\n${'b'.repeat(101)}` })]),
      draft([item({ type: 'photo', appliesTo: ['camera', 'ptz'] })]),
      draft([]),
      { nameZh: 'x'.repeat(201), nameEn: 'x', items: [item({})] },
    ];
    for (const c of cases)
      expect([checkTemplate(c).length === 0, JSON.stringify(c.items.map((i) => i.key))]).toEqual([validateTemplate(templateOf(c)).ok, JSON.stringify(c.items.map((i) => i.key))]);
  });

  it("should place the server's field names in the editor, and pick each kind's latest version", () => {
    expect(problemAt('items[3].max')).toEqual({ index: 3, field: 'max' });
    expect(problemAt('items[0].label')).toEqual({ index: 0, field: 'labelZh' });
    expect(problemAt('items[2]')).toEqual({ index: 2, field: 'key' });
    expect(problemAt('name')).toEqual({ index: null, field: 'nameZh' });
    const versions = [
      { id: 'monthly', version: 1 },
      { id: 'monthly', version: 3 },
      { id: 'weekly-power-on', version: 1 },
      { id: 'monthly', version: 2 },
    ];
    expect(latestTemplates(versions)).toEqual([
      { id: 'monthly', version: 3 },
      { id: 'weekly-power-on', version: 1 },
    ]);
  });

  it('should give a new line a free key and the subsystem of the line before it', () => {
    const first = blankItem([]);
    expect(first.key).toBe('item-1');
    expect(blankItem([first, { ...first, key: 'item-2', subsystem: 'audio' }])).toMatchObject({ key: 'item-3', subsystem: 'audio' });
    expect(blankItem([{ ...first, key: 'item-2' }]).key).toBe('item-3');
  });
});
