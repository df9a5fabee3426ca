import { z } from 'zod';
import { DEVICE_TYPES } from '../assets/device-type';
import { fieldErrors, isPlainObject, whole, type FieldError } from '../shared/field-errors';
import { EVIDENCE_KINDS, ITEM_TYPES, type ChecklistItem, type Text2 } from './checklist';

export type TemplateError = FieldError;

/** Text that is not blank, of at most `max` characters. */
const text = (max: number, message?: string) =>
  z
    .string({ error: message })
    .max(max, { error: message })
    .refine((v) => v.trim().length > 0, { error: message });
const bilingual = (max: number) => whole(z.object({ zh: text(max), en: text(max) }), `must be {"zh","en"}, each 1–${max} characters`);
const TEXT_64 = 'must be text of 1–64 characters';
const KEY = 'must be 1–64 of a-z 0-9 -';

// loose: the checks across fields below read min, max and choices, which only some types have
const item = z
  .looseObject(
    {
      key: z.string({ error: KEY }).regex(/^[a-z0-9-]{1,64}$/, { error: KEY }),
      subsystem: text(64, TEXT_64),
      label: bilingual(300),
      type: z.enum(ITEM_TYPES, { error: `must be one of ${ITEM_TYPES.join(', ')}` }),
      required: z.boolean({ error: 'must be true or false' }),
      appliesTo: whole(z.array(z.enum(DEVICE_TYPES)).min(1).nullable(), 'must be null (the site) or a list of device types'),
      evidence: z.enum(EVIDENCE_KINDS, { error: `must be one of ${EVIDENCE_KINDS.join(', ')}` }).optional(),
    },
    { error: 'must be an object' },
  )
  .superRefine(
    (raw, ctx) => {
      // what only some types have, told whatever else is wrong with the item
      const at = raw as Record<string, unknown>;
      if (at.type === 'number') {
        for (const limit of ['min', 'max'] as const)
          if (at[limit] !== undefined && typeof at[limit] !== 'number') ctx.addIssue({ code: 'custom', message: 'must be a number', path: [limit], input: at[limit] });
        if (typeof at.min === 'number' && typeof at.max === 'number' && at.min > at.max)
          ctx.addIssue({ code: 'custom', message: 'must not be below min', path: ['max'], input: at.max });
      }
      if (at.type === 'choice' && !z.array(text(100)).min(2).safeParse(at.choices).success) {
        ctx.addIssue({ code: 'custom', message: 'a choice item needs at least two choices', path: ['choices'], input: at.choices });
      }
    },
    { when: ({ value }) => isPlainObject(value) },
  );

const TEMPLATE = z.object(
  {
    name: bilingual(200),
    items: z
      .array(z.unknown(), { error: 'must be a list of 1–500 items' })
      .min(1, { error: 'must be a list of 1–500 items' })
      .max(500, { error: 'must be a list of 1–500 items' })
      .pipe(
        z.array(item).superRefine(
          (items: unknown[], ctx) => {
            // told whatever else is wrong with the items; a key that is itself wrong is told as such, not as a repeat
            const keys = new Set<string>();
            items.forEach((it, i) => {
              const key = isPlainObject(it) && typeof it.key === 'string' && item.shape.key.safeParse(it.key).success ? it.key : null;
              if (key !== null && keys.has(key)) ctx.addIssue({ code: 'custom', message: `${key} appears twice`, path: [i, 'key'], input: key });
              if (key !== null) keys.add(key);
            });
          },
          { when: ({ value }) => Array.isArray(value) },
        ),
      ),
  },
  { error: 'must be an object with name and items' },
);

/** Checks a new version of a checklist: its bilingual name and every item; answers every problem with its field. */
export function validateTemplate(raw: unknown): { ok: true; name: Text2; items: ChecklistItem[] } | { ok: false; errors: TemplateError[] } {
  const checked = TEMPLATE.safeParse(raw);
  if (!checked.success) return { ok: false, errors: fieldErrors(checked.error, '', 'template') };
  const { name, items: given } = raw as { name: Text2; items: Record<string, unknown>[] };
  const items = given.map((item): ChecklistItem => ({
    key: item.key as string,
    subsystem: item.subsystem as string,
    label: item.label as Text2,
    type: item.type as ChecklistItem['type'],
    required: item.required as boolean,
    appliesTo: item.appliesTo as ChecklistItem['appliesTo'],
    ...(item.min !== undefined ? { min: item.min as number } : {}),
    ...(item.max !== undefined ? { max: item.max as number } : {}),
    ...(typeof item.unit === 'string' ? { unit: item.unit.slice(0, 20) } : {}),
    ...(item.choices !== undefined ? { choices: item.choices as string[] } : {}),
    ...(item.evidence !== undefined ? { evidence: item.evidence as ChecklistItem['evidence'] } : {}),
  }));
  return { ok: true, name: name as Text2, items };
}
