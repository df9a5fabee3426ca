import { z } from 'zod';
import type { DeviceType } from '../assets/device-type';
import { fieldErrors, requiredOr } from '../shared/field-errors';
import { VQD_CHECKS, type VqdCheck, type VqdReport, type VqdResult } from '../video/video-types';
import type { Parsed } from './heartbeat';
import { decodeObject, instant } from './parse-heartbeat';

/** Who has a picture to diagnose: a camera (its own), a recorder (per channel). */
const RECORDERS: ReadonlySet<DeviceType> = new Set(['dvr', 'nvr']);
const VIDEO_TYPES: ReadonlySet<DeviceType> = new Set(['camera', 'dvr', 'nvr']);

const SCORE = 'must be a score from 0 to 100';
const RESULT = 'must be true, false or {score 0–100, pass?: true|false}';

/** One check's result as an object: {score, pass?} (pass alone is allowed too); other keys of it are ignored. */
const resultObject = z
  .object(
    {
      score: z.number({ error: SCORE }).min(0, { error: SCORE }).max(100, { error: SCORE }).optional(),
      pass: z.boolean({ error: 'must be true or false' }).optional(),
    },
    { error: RESULT },
  )
  .refine((r) => r.score !== undefined || r.pass !== undefined, { error: 'must give a score or pass' })
  .transform((r): VqdResult => ({ ...(r.score !== undefined && { score: r.score }), ...(r.pass !== undefined && { pass: r.pass }) }));

/** One check's result: true/false (passed or not), or the object form. */
const result = z.unknown().transform((v, ctx): VqdResult => {
  if (typeof v === 'boolean') return { pass: v };
  const parsed = resultObject.safeParse(v);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, input: v } as never);
  return z.NEVER;
});

const CHECKS = z
  .record(z.string(), z.unknown(), { error: `must be an object of check → result; checks are ${VQD_CHECKS.join(', ')}` })
  .superRefine((checks, ctx) => {
    const names = Object.keys(checks);
    if (names.length === 0) ctx.addIssue({ code: 'custom', message: `must hold at least one check of ${VQD_CHECKS.join(', ')}`, input: checks });
    for (const name of names) {
      if (!(VQD_CHECKS as readonly string[]).includes(name)) {
        ctx.addIssue({ code: 'custom', path: [name], message: `is not a check; checks are ${VQD_CHECKS.join(', ')}`, input: checks[name] });
        continue;
      }
      const parsed = result.safeParse(checks[name]);
      if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: [name, ...issue.path] } as never);
    }
  })
  .transform((checks) => {
    const out: Partial<Record<VqdCheck, VqdResult>> = {};
    for (const name of VQD_CHECKS) if (checks[name] !== undefined) out[name] = result.parse(checks[name]);
    return out;
  });

const CH_RULE = 'must be an integer from 1 to 4096';
const VQD = z.object({
  ts: instant(),
  ch: z
    .number({ error: requiredOr(CH_RULE) })
    .int({ error: CH_RULE })
    .min(1, { error: CH_RULE })
    .max(4096, { error: CH_RULE })
    .optional(),
  checks: CHECKS,
});

/**
 * A VQD report (topic vigil/v1/devices/{id}/vqd): one JSON object of at most 16 KiB, `ts` as in heartbeats, `ch` (1–4096) the
 * recorder channel diagnosed, `checks` each check's result. Cameras report their own picture (no `ch`); a recorder's report names
 * its channel. Other top-level fields are ignored, as in heartbeats.
 */
export function parseVqd(payload: Uint8Array, registeredType: DeviceType): Parsed<VqdReport> {
  const decoded = decodeObject(payload);
  if (!decoded.ok) return decoded;
  if (!VIDEO_TYPES.has(registeredType)) return { ok: false, reason: 'type-mismatch', detail: `VQD reports are for cameras and recorders, the device is a ${registeredType}` };
  const parsed = VQD.safeParse(decoded.value);
  if (!parsed.success) {
    const [first] = fieldErrors(parsed.error);
    return { ok: false, reason: 'invalid-field', detail: `${first.field} ${first.message}` };
  }
  const { ts, ch, checks } = parsed.data;
  if (RECORDERS.has(registeredType) && ch === undefined) return { ok: false, reason: 'invalid-field', detail: "ch is required: a recorder's report names its channel" };
  return { ok: true, value: { ts, ch: RECORDERS.has(registeredType) ? ch! : null, checks } };
}
