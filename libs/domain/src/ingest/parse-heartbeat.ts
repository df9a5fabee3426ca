import { z } from 'zod';
import { DEVICE_TYPES, type DeviceType } from '../assets/device-type';
import { fieldErrors, requiredOr } from '../shared/field-errors';
import { plainFields, plainHealth } from './fast-heartbeat';
import { MAX_PAYLOAD_BYTES, type HealthReport, type Heartbeat, type Parsed } from './heartbeat';

const MAX_ITEMS = 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const bool = () => z.boolean({ error: requiredOr('must be true or false') });
const oneOf = <const T extends readonly [string, ...string[]]>(allowed: T) => z.enum(allowed, { error: requiredOr(`must be one of ${allowed.join('|')}`) });

function num(min: number, max: number, integer = false) {
  const rule = `must be a${integer ? 'n integer' : ' number'} from ${min} to ${max}`;
  const n = z
    .number({ error: requiredOr(rule) })
    .min(min, { error: rule })
    .max(max, { error: rule });
  return integer ? n.int({ error: rule }) : n;
}

/** An instant as devices give them (ISO-8601 with a zone, or epoch milliseconds): the heartbeat's `ts` and a gap's ends. */
export function instant() {
  return z.unknown().transform(
    (v, ctx) =>
      timestamp(v) ??
      (ctx.issues.push({
        code: 'custom',
        input: v,
        message: 'must be an ISO-8601 time with a zone or epoch milliseconds, between 1970 and 9999',
      }),
      z.NEVER),
  );
}

/** YYYY-MM-DD naming a day that exists (no 2026-02-30). */
export function isCalendarDate(v: unknown): v is string {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const [y, m, d] = v.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d && y >= 1970;
}

/** A list of objects: its length is checked before its items, as a device sending too many gets that answer first. */
function list<S extends z.ZodRawShape>(shape: S) {
  return z
    .array(z.unknown(), { error: 'must be an array' })
    .max(MAX_ITEMS, { error: `must hold at most ${MAX_ITEMS} items` })
    .pipe(z.array(z.object(shape, { error: 'must be an object' })));
}

/** A DST day has 25 hours: the most a channel can have recorded in one local day. */
const MAX_DAY_SEC = 90_000;
const stream = { bitrateKbps: num(0, 10_000_000).optional(), fps: num(0, 1000).optional() };

/** A day's recording gap: two instants as heartbeats give them, `to` after `from`. */
const gap = z
  .object({ from: instant(), to: instant() }, { error: 'must be an object {from, to}' })
  .refine((g) => g.to.getTime() > g.from.getTime(), { error: 'must end after it starts (to after from)', path: ['to'] });

const recorder = z.object(
  {
    disks: list({
      id: z.union([z.string(), z.number()], { error: 'must be a string or number' }).transform(String),
      state: oneOf(['ok', 'warning', 'failed', 'absent']),
    }).optional(),
    channels: list({
      ch: num(1, 4096, true),
      recording: bool().optional(),
      videoLoss: bool().optional(),
      recordedSec: num(0, MAX_DAY_SEC, true).optional(),
      gaps: z
        .array(z.unknown(), { error: 'must be an array' })
        .max(MAX_ITEMS, { error: `must hold at most ${MAX_ITEMS} items` })
        .pipe(z.array(gap))
        .optional(),
      oldestRecording: z
        .unknown()
        .refine(isCalendarDate, { error: 'must be a date YYYY-MM-DD' })
        .transform((v) => v as string)
        .optional(),
      ...stream,
    }).optional(),
  },
  { error: 'must be an object' },
);

/** The health families each type reports; a type without any reports none (its `health`, when an object, is ignored). */
const HEALTH: Partial<Record<DeviceType, z.ZodType<HealthReport>>> = {
  dvr: recorder,
  nvr: recorder,
  camera: z.object(
    { video: oneOf(['ok', 'lost']).optional(), tamper: bool().optional(), ptz: oneOf(['ok', 'fault', 'none']).optional(), ...stream },
    { error: 'must be an object' },
  ),
  switch: z.object(
    {
      ports: list({ port: num(0, 65535, true), up: bool() }).optional(),
      uplinkUp: bool().optional(),
      tempC: num(-60, 200).optional(),
    },
    { error: 'must be an object' },
  ),
  server: z.object(
    {
      cpuPct: num(0, 100).optional(),
      diskPct: num(0, 100).optional(),
      services: list({
        name: z.string({ error: 'must be text of 1–64 characters' }).min(1, { error: 'must be text of 1–64 characters' }).max(64, { error: 'must be text of 1–64 characters' }),
        up: bool(),
      }).optional(),
    },
    { error: 'must be an object' },
  ),
};
const NO_HEALTH = z.object({}, { error: 'must be an object' }).transform((): HealthReport => ({}));

/** The latest instant that stays a 24-character ISO-8601 string (year 9999). */
const LATEST_TS_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function timestamp(v: unknown): Date | null {
  // Devices without a real-time clock report 1970 or 2000: that is skew, not an error; past year 9999 is.
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 && v <= LATEST_TS_MS) return new Date(v);
  // ISO-8601 with a time and a zone (Z or ±hh:mm): a device clock without a zone is ambiguous.
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) {
    const d = new Date(v);
    if (d.getTime() > 0 && d.getTime() <= LATEST_TS_MS) return d;
  }
  return null;
}

const ts = instant();

/** One schema per registered type, made once: the fields in the order they are checked (the first problem is the one told). */
const HEARTBEAT = new Map(
  DEVICE_TYPES.map((type) => [
    type,
    z.object({
      fw: z.string({ error: 'must be text of at most 64 characters' }).max(64, { error: 'must be text of at most 64 characters' }).optional(),
      ts,
      seq: num(0, Number.MAX_SAFE_INTEGER, true).optional(),
      health: (HEALTH[type] ?? NO_HEALTH).optional(),
    }),
  ]),
);

/** A device payload as one JSON object of at most MAX_PAYLOAD_BYTES of UTF-8 (heartbeats and VQD reports alike). */
export function decodeObject(payload: Uint8Array): Parsed<Record<string, unknown>> {
  if (payload.byteLength > MAX_PAYLOAD_BYTES) return { ok: false, reason: 'too-large', detail: `${payload.byteLength} bytes > ${MAX_PAYLOAD_BYTES}` };
  let text: string;
  try {
    text = utf8.decode(payload);
  } catch {
    return { ok: false, reason: 'not-utf8', detail: 'payload is not UTF-8' };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: 'not-json', detail: (err as Error).message.slice(0, 200) };
  }
  if (!isObject(raw)) return { ok: false, reason: 'not-object', detail: 'payload must be one JSON object' };
  return { ok: true, value: raw };
}

/** Checks one heartbeat payload against CONTRACT.md and the device's registered type. */
export function parseHeartbeat(payload: Uint8Array, registeredType: DeviceType): Parsed<Heartbeat> {
  const decoded = decodeObject(payload);
  if (!decoded.ok) return decoded;
  const raw = decoded.value;
  if (raw.type !== undefined && raw.type !== registeredType) {
    return { ok: false, reason: 'type-mismatch', detail: `type ${JSON.stringify(raw.type)} but the device is registered as ${registeredType}` };
  }
  const fields = plainFields(raw);
  const health = fields && plainHealth(raw.health, registeredType);
  const ts = health && timestamp(raw.ts);
  if (fields && health && ts) return { ok: true, value: { ts, seq: fields.seq, type: raw.type === undefined ? null : registeredType, fw: fields.fw, health } };
  return parseWithSchema(raw, registeredType);
}

/** The long way, by the schema: what the fast path answers for a plain heartbeat, and the first problem for any other. Exported for its spec. */
export function parseWithSchema(raw: Record<string, unknown>, registeredType: DeviceType): Parsed<Heartbeat> {
  const parsed = HEARTBEAT.get(registeredType)!.safeParse(raw);
  if (!parsed.success) {
    const [first] = fieldErrors(parsed.error);
    return { ok: false, reason: 'invalid-field', detail: `${first.field} ${first.message}` };
  }
  const { fw, seq, health } = parsed.data;
  return { ok: true, value: { ts: parsed.data.ts, seq: seq ?? null, type: raw.type === undefined ? null : registeredType, fw: fw ?? null, health: health ?? {} } };
}

/** The status topic: `online` or `offline` (usually a retained Last Will). */
export function parseStatus(payload: Uint8Array): Parsed<'online' | 'offline'> {
  const text = new TextDecoder().decode(payload).trim();
  return text === 'online' || text === 'offline' ? { ok: true, value: text } : { ok: false, reason: 'bad-status', detail: 'status must be online or offline' };
}
