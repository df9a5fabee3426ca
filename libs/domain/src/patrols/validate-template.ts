import { DEVICE_TYPES } from '../assets/device-type';
import { EVIDENCE_KINDS, ITEM_TYPES, type ChecklistItem, type Text2 } from './checklist';

export interface TemplateError {
  field: string;
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, max: number) => typeof v === 'string' && v.trim().length > 0 && v.length <= max;

/** Checks a new version of a checklist: its bilingual name and every item; answers every problem with its field. */
export function validateTemplate(raw: unknown): { ok: true; name: Text2; items: ChecklistItem[] } | { ok: false; errors: TemplateError[] } {
  const errors: TemplateError[] = [];
  const err = (field: string, message: string) => errors.push({ field, message });
  if (!isObject(raw)) return { ok: false, errors: [{ field: 'template', message: 'must be an object with name and items' }] };
  const name = raw.name;
  if (!isObject(name) || !text(name.zh, 200) || !text(name.en, 200)) err('name', 'must be {"zh","en"}, each 1–200 characters');
  if (!Array.isArray(raw.items) || raw.items.length === 0 || raw.items.length > 500) {
    err('items', 'must be a list of 1–500 items');
    return { ok: false, errors };
  }
  const keys = new Set<string>();
  raw.items.forEach((item: unknown, i) => {
    const at = `items[${i}]`;
    if (!isObject(item)) return err(at, 'must be an object');
    if (typeof item.key !== 'string' || !/^[a-z0-9-]{1,64}$/.test(item.key)) err(`${at}.key`, 'must be 1–64 of a-z 0-9 -');
    else if (keys.has(item.key)) err(`${at}.key`, `${item.key} appears twice`);
    else keys.add(item.key);
    if (!text(item.subsystem, 64)) err(`${at}.subsystem`, 'must be text of 1–64 characters');
    const label = item.label;
    if (!isObject(label) || !text(label.zh, 300) || !text(label.en, 300)) err(`${at}.label`, 'must be {"zh","en"}, each 1–300 characters');
    if (!(ITEM_TYPES as readonly unknown[]).includes(item.type)) err(`${at}.type`, `must be one of ${ITEM_TYPES.join(', ')}`);
    if (typeof item.required !== 'boolean') err(`${at}.required`, 'must be true or false');
    if (item.appliesTo !== null && !(Array.isArray(item.appliesTo) && item.appliesTo.length > 0 && item.appliesTo.every((t) => (DEVICE_TYPES as readonly unknown[]).includes(t)))) {
      err(`${at}.appliesTo`, 'must be null (the site) or a list of device types');
    }
    if (item.type === 'number') {
      for (const limit of ['min', 'max'] as const) if (item[limit] !== undefined && typeof item[limit] !== 'number') err(`${at}.${limit}`, 'must be a number');
      if (typeof item.min === 'number' && typeof item.max === 'number' && item.min > item.max) err(`${at}.max`, 'must not be below min');
    }
    if (item.type === 'choice' && !(Array.isArray(item.choices) && item.choices.length >= 2 && item.choices.every((c) => text(c, 100)))) {
      err(`${at}.choices`, 'a choice item needs at least two choices');
    }
    if (item.evidence !== undefined && !(EVIDENCE_KINDS as readonly unknown[]).includes(item.evidence)) err(`${at}.evidence`, `must be one of ${EVIDENCE_KINDS.join(', ')}`);
  });
  if (errors.length > 0) return { ok: false, errors };
  const items = (raw.items as Record<string, unknown>[]).map((item): ChecklistItem => ({
    key: item.key as string, subsystem: item.subsystem as string, label: item.label as Text2, type: item.type as ChecklistItem['type'],
    required: item.required as boolean, appliesTo: item.appliesTo as ChecklistItem['appliesTo'],
    ...(item.min !== undefined ? { min: item.min as number } : {}), ...(item.max !== undefined ? { max: item.max as number } : {}),
    ...(typeof item.unit === 'string' ? { unit: item.unit.slice(0, 20) } : {}), ...(item.choices !== undefined ? { choices: item.choices as string[] } : {}),
    ...(item.evidence !== undefined ? { evidence: item.evidence as ChecklistItem['evidence'] } : {}),
  }));
  return { ok: true, name: name as Text2, items };
}
