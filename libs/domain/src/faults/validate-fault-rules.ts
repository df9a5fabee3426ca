import { z } from 'zod';
import { CRITICALITIES, DEVICE_TYPES } from '../assets/device-type';
import { CONDITION_KINDS } from '../health/condition';
import { isClockTime, type QuietHours } from '../alerting/alert-budget';
import { fieldErrors, isPlainObject, keyedBy, refused, whole, type FieldError } from '../shared/field-errors';
import { SITE_CLASSES } from '../video/video-types';
import { DEFAULT_FAULT_RULES, type FaultRules, type MajorEventWindow } from './fault-rules';

export type RuleError = FieldError;

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const RULES = ['levels', 'criticalityRaise', 'widespread', 'siteOfflineLevel', 'flapping', 'majorEvents', 'quietHours', 'video'];
const VIDEO_FIELDS = ['maxGapMinutes', 'retentionDays', 'minBitrateKbps', 'minFps', 'vqdMinScore'];

const level = z.literal([1, 2, 3, 4], { error: 'must be a level 1–4' });
const level_ = z.literal([1, 2, 3, 4]);
const instant = z
  .string()
  .regex(INSTANT)
  .refine((v) => !Number.isNaN(Date.parse(v)));
const NAME = 'must be text of 1–200 characters';
const AN_INSTANT = 'must be an ISO-8601 instant with a zone';
const HHMM = 'must be a local time HH:MM';

const majorEvent = z
  .object(
    {
      name: z.string({ error: NAME }).min(1, { error: NAME }).max(200, { error: NAME }),
      from: whole(instant, AN_INSTANT),
      to: whole(instant, AN_INSTANT),
      siteIds: whole(z.array(z.string()).nullable(), 'must be a list of site ids, or null for every site'),
      raiseBy: z.literal([1, 2, 3], { error: 'must be 1, 2 or 3' }),
    },
    { error: 'must be {name, from, to, siteIds|null, raiseBy}' },
  )
  .superRefine(
    (w, ctx) => {
      // told whatever else is wrong with the window, but only when both ends are instants
      if (instant.safeParse(w.from).success && instant.safeParse(w.to).success && Date.parse(w.to as string) <= Date.parse(w.from as string)) {
        ctx.addIssue({ code: 'custom', message: 'must be after from', path: ['to'], input: w.to });
      }
    },
    { when: ({ value }) => isPlainObject(value) },
  );

const FAULT_RULES = z
  .object(
    {
      levels: keyedBy(
        CONDITION_KINDS,
        keyedBy(['*', ...DEVICE_TYPES], level, 'must be an object of deviceType|"*" → level', 'is not a device type or "*"'),
        'must be an object of condition → {deviceType|"*": level}',
        `is not a condition; one of ${CONDITION_KINDS.join(', ')}`,
      ).optional(),
      criticalityRaise: keyedBy(
        CRITICALITIES,
        z.literal([0, 1, 2], { error: 'must be 0, 1 or 2' }),
        'must be an object of criticality → 0, 1 or 2',
        `is not a criticality; one of ${CRITICALITIES.join(', ')}`,
      ).optional(),
      widespread: whole(z.object({ affected: z.int().min(1).max(100_000), level: level_ }), 'must be {"affected": 1–100000, "level": 1–4}').optional(),
      siteOfflineLevel: level.optional(),
      flapping: whole(
        z.object({ changes: z.int().min(2).max(1000), windowMinutes: z.int().min(1).max(1440), level: level_ }),
        'must be {"changes": 2–1000, "windowMinutes": 1–1440, "level": 1–4}',
      ).optional(),
      majorEvents: z.array(majorEvent, { error: 'must be a list of {name, from, to, siteIds|null, raiseBy}' }).optional(),
      quietHours: z
        .object(
          {
            from: z.unknown().refine(isClockTime, { error: HHMM }),
            to: z.unknown().refine(isClockTime, { error: HHMM }),
          },
          { error: 'must be {"from": "HH:MM", "to": "HH:MM"} or null' },
        )
        .catchall(refused('is not a field; fields are from, to'))
        .nullable()
        .optional(),
      video: z
        .object(
          {
            maxGapMinutes: whole(z.int().min(1).max(1440), 'must be whole minutes from 1 to 1440').optional(),
            retentionDays: keyedBy(
              SITE_CLASSES,
              whole(z.int().min(1).max(3650), 'must be whole days from 1 to 3650'),
              'must be an object of site class → days',
              `is not a site class; one of ${SITE_CLASSES.join(', ')}`,
            ).optional(),
            minBitrateKbps: whole(z.number().min(0).max(1_000_000), 'must be kbit/s from 0 (off) to 1000000').optional(),
            minFps: whole(z.number().min(0).max(240), 'must be frames per second from 0 (off) to 240').optional(),
            vqdMinScore: whole(z.number().min(0).max(100), 'must be a score from 0 to 100').optional(),
          },
          { error: 'must be an object of video thresholds' },
        )
        .catchall(refused(`is not a field; fields are ${VIDEO_FIELDS.join(', ')}`))
        .optional(),
    },
    { error: 'must be an object' },
  )
  .catchall(refused(`is not a rule; rules are ${RULES.join(', ')}`));

/**
 * Checks a contract's fault rules: every part is optional (what is left out keeps the default), and
 * every part given must be whole and right; answers every problem with its field.
 */
export function validateFaultRules(raw: unknown): RuleError[] {
  const checked = FAULT_RULES.safeParse(raw);
  return checked.success ? [] : fieldErrors(checked.error, 'faultRules');
}

/** A contract's rules over the defaults: each condition's levels merge by device type; other parts replace. */
export function mergeFaultRules(partial: Partial<FaultRules> | null | undefined, defaults: FaultRules = DEFAULT_FAULT_RULES): FaultRules {
  if (!partial) return defaults;
  const levels = { ...defaults.levels };
  for (const [kind, byType] of Object.entries(partial.levels ?? {})) {
    levels[kind as keyof FaultRules['levels']] = { ...levels[kind as keyof FaultRules['levels']], ...byType };
  }
  return {
    levels,
    criticalityRaise: { ...defaults.criticalityRaise, ...partial.criticalityRaise },
    widespread: partial.widespread ?? defaults.widespread,
    siteOfflineLevel: partial.siteOfflineLevel ?? defaults.siteOfflineLevel,
    flapping: partial.flapping ?? defaults.flapping,
    majorEvents: (partial.majorEvents as MajorEventWindow[] | undefined) ?? defaults.majorEvents,
    quietHours: (partial.quietHours as QuietHours | null | undefined) ?? defaults.quietHours,
    // thresholds merge field by field, retention days by site class
    video: {
      ...defaults.video,
      ...partial.video,
      retentionDays: { ...defaults.video.retentionDays, ...partial.video?.retentionDays },
    },
  };
}
