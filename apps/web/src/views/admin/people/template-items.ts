import type { DeviceType } from '@vigil/domain/assets/device-type';
import type { ChecklistItem, EvidenceKind, ItemType, Text2 } from '@vigil/domain/patrols/checklist';

export const ITEM_TYPE_LIST: readonly ItemType[] = ['pass-fail', 'number', 'choice', 'text', 'photo'];
export const EVIDENCE_LIST: readonly EvidenceKind[] = ['online', 'recording', 'disks', 'ports', 'services', 'video'];
const KEY = /^[a-z0-9-]{1,64}$/;
export const MAX_ITEMS = 500;

/** One line of the checklist editor: every field a person types, kept as typed until saved. */
export interface ItemDraft {
  key: string;
  subsystem: string;
  labelZh: string;
  labelEn: string;
  type: ItemType;
  required: boolean;
  unit: string;
  /** number items: '' for no limit. */
  min: string;
  max: string;
  /** choice items: one choice per line. */
  choices: string;
  /** Device types it is checked on, once per such device; empty: once for the site. */
  appliesTo: DeviceType[];
  evidence: EvidenceKind | '';
}

export interface TemplateDraft {
  nameZh: string;
  nameEn: string;
  items: ItemDraft[];
}

/** A problem the editor shows: at an item's field (index) or the template's, as a message key with its values. */
export interface ItemProblem {
  index: number | null;
  field: string;
  key: string;
  params?: Record<string, string | number>;
}

export function draftOf(item: ChecklistItem): ItemDraft {
  return {
    key: item.key,
    subsystem: item.subsystem,
    labelZh: item.label.zh,
    labelEn: item.label.en,
    type: item.type,
    required: item.required,
    unit: item.unit ?? '',
    min: item.min === undefined ? '' : String(item.min),
    max: item.max === undefined ? '' : String(item.max),
    choices: (item.choices ?? []).join('\n'),
    appliesTo: item.appliesTo ? [...item.appliesTo] : [],
    evidence: item.evidence ?? '',
  };
}

export function blankItem(existing: readonly ItemDraft[]): ItemDraft {
  let n = existing.length + 1;
  while (existing.some((d) => d.key === `item-${n}`)) n += 1;
  return {
    key: `item-${n}`,
    subsystem: existing.at(-1)?.subsystem ?? '',
    labelZh: '',
    labelEn: '',
    type: 'pass-fail',
    required: true,
    unit: '',
    min: '',
    max: '',
    choices: '',
    appliesTo: [],
    evidence: '',
  };
}

const choicesOf = (d: ItemDraft) =>
  d.choices
    .split('\n')
    .map((c) => c.trim())
    .filter((c) => c !== '');
const limit = (text: string): number | undefined | null => {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
};

/** The item as the API takes it: only the fields its type has. */
export function itemOf(d: ItemDraft): ChecklistItem {
  const item: ChecklistItem = {
    key: d.key.trim(),
    subsystem: d.subsystem.trim(),
    label: { zh: d.labelZh.trim(), en: d.labelEn.trim() },
    type: d.type,
    required: d.required,
    appliesTo: d.appliesTo.length ? [...d.appliesTo] : null,
  };
  if (d.unit.trim()) item.unit = d.unit.trim();
  if (d.type === 'number') {
    const [min, max] = [limit(d.min), limit(d.max)];
    if (typeof min === 'number') item.min = min;
    if (typeof max === 'number') item.max = max;
  }
  if (d.type === 'choice') item.choices = choicesOf(d);
  if (d.evidence) item.evidence = d.evidence;
  return item;
}

export function templateOf(t: TemplateDraft): { name: Text2; items: ChecklistItem[] } {
  return { name: { zh: t.nameZh.trim(), en: t.nameEn.trim() }, items: t.items.map(itemOf) };
}

const blank = (s: string) => s.trim() === '';

/**
 * What is wrong with a checklist before it is sent, by the server's own rules (validateTemplate): keys of
 * a-z 0-9 - and each once, a subsystem and both labels, limits that are numbers with min ≤ max, two or
 * more choices, units of at most 20 characters, 1–500 items. The server checks again and has the last word.
 */
export function checkTemplate(t: TemplateDraft): ItemProblem[] {
  const out: ItemProblem[] = [];
  if (blank(t.nameZh) || t.nameZh.trim().length > 200) out.push({ index: null, field: 'nameZh', key: 'people.templates.problem.name', params: { max: 200 } });
  if (blank(t.nameEn) || t.nameEn.trim().length > 200) out.push({ index: null, field: 'nameEn', key: 'people.templates.problem.name', params: { max: 200 } });
  if (t.items.length === 0 || t.items.length > MAX_ITEMS) out.push({ index: null, field: 'items', key: 'people.templates.problem.count', params: { max: MAX_ITEMS } });
  const seen = new Set<string>();
  t.items.forEach((d, index) => {
    const at = (field: string, key: string, params?: ItemProblem['params']) => out.push({ index, field, key: `people.templates.problem.${key}`, params });
    const key = d.key.trim();
    if (!KEY.test(key)) at('key', 'key');
    else if (seen.has(key)) at('key', 'keyTwice', { key });
    seen.add(key);
    if (blank(d.subsystem) || d.subsystem.trim().length > 64) at('subsystem', 'subsystem');
    if (blank(d.labelZh) || d.labelZh.trim().length > 300) at('labelZh', 'label');
    if (blank(d.labelEn) || d.labelEn.trim().length > 300) at('labelEn', 'label');
    if (d.unit.trim().length > 20) at('unit', 'unit');
    if (d.type === 'number') {
      const [min, max] = [limit(d.min), limit(d.max)];
      if (min === null) at('min', 'number');
      if (max === null) at('max', 'number');
      if (typeof min === 'number' && typeof max === 'number' && min > max) at('max', 'maxBelowMin');
    }
    if (d.type === 'choice') {
      const choices = choicesOf(d);
      if (choices.length < 2) at('choices', 'choices');
      else if (choices.some((c) => c.length > 100)) at('choices', 'choiceLong');
    }
  });
  return out;
}

/** Where the server's field names (`items[2].max`, `name`) point in the editor. */
export function problemAt(field: string): { index: number | null; field: string } {
  const m = /^items\[(\d+)\]\.?(\w*)/.exec(field);
  if (m) {
    const f = m[2] === 'label' ? 'labelZh' : m[2];
    return { index: Number(m[1]), field: f || 'key' };
  }
  return { index: null, field: field === 'name' ? 'nameZh' : field };
}

/** The latest version of each kind's checklist: the one new patrols are made from. */
export function latestTemplates<T extends { id: string; version: number }>(all: readonly T[]): T[] {
  const latest = new Map<string, T>();
  for (const t of all) if ((latest.get(t.id)?.version ?? 0) < t.version) latest.set(t.id, t);
  return [...latest.values()];
}
