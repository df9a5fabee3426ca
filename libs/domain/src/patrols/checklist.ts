import type { DeviceType } from '../assets/device-type';
import type { PatrolKind } from './patrol-period';

export const ITEM_TYPES = ['pass-fail', 'number', 'choice', 'text', 'photo'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** What heartbeats already prove about an item, shown beside it as live evidence. */
export const EVIDENCE_KINDS = ['online', 'recording', 'disks', 'ports', 'services', 'video'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export interface Text2 {
  zh: string;
  en: string;
}

export interface ChecklistItem {
  key: string;
  subsystem: string;
  label: Text2;
  type: ItemType;
  required: boolean;
  /** number items: the limits of a pass. */
  min?: number;
  max?: number;
  unit?: string;
  choices?: string[];
  /** Device types it is checked on, once per such device of the site; null: once for the site. */
  appliesTo: DeviceType[] | null;
  evidence?: EvidenceKind;
}

export interface ChecklistTemplate {
  id: string;
  version: number;
  kind: PatrolKind;
  name: Text2;
  items: ChecklistItem[];
}

/** One line of a site's patrol: an item, on one device or on the site. */
export interface ChecklistLine {
  lineKey: string;
  item: ChecklistItem;
  deviceId: string | null;
}

/** Expands a template into the lines of one site's patrol, listing its real devices. */
export function linesFor(template: ChecklistTemplate, devices: readonly { id: string; type: DeviceType }[]): ChecklistLine[] {
  return template.items.flatMap((item): ChecklistLine[] => {
    if (item.appliesTo === null) return [{ lineKey: item.key, item, deviceId: null }];
    return devices.filter((d) => item.appliesTo!.includes(d.type)).map((d) => ({ lineKey: `${item.key}@${d.id}`, item, deviceId: d.id }));
  });
}

export type ItemOutcome = 'pass' | 'fail' | 'n/a';

export interface ItemResult {
  lineKey: string;
  outcome: ItemOutcome;
  value: number | string | null;
  note: string | null;
  photoIds: string[];
  recordedAt: Date;
  recordedBy: string;
}

/** Checks a recorded value against its item; answers the outcome it implies, or a problem. */
export function judgeItem(item: ChecklistItem, input: { outcome?: ItemOutcome; value?: number | string | null }): { outcome: ItemOutcome } | { error: string } {
  if (input.outcome === 'n/a') return item.required ? { error: 'is required and cannot be n/a' } : { outcome: 'n/a' };
  switch (item.type) {
    case 'number': {
      if (typeof input.value !== 'number' || !Number.isFinite(input.value)) return { error: 'needs a number value' };
      const within = (item.min === undefined || input.value >= item.min) && (item.max === undefined || input.value <= item.max);
      return { outcome: within ? 'pass' : 'fail' };
    }
    case 'choice':
      if (typeof input.value !== 'string' || !item.choices?.includes(input.value)) return { error: `needs one of ${item.choices?.join(', ')}` };
      return { outcome: input.outcome ?? 'pass' };
    case 'text':
      if (typeof input.value !== 'string' || input.value.trim() === '') return { error: 'needs a text value' };
      return { outcome: input.outcome ?? 'pass' };
    default:
      if (input.outcome !== 'pass' && input.outcome !== 'fail') return { error: 'needs an outcome of pass or fail' };
      return { outcome: input.outcome };
  }
}
