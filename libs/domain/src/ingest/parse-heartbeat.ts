import type { DeviceType } from '../assets/device-type';
import { MAX_PAYLOAD_BYTES, type HealthReport, type Heartbeat, type Parsed } from './heartbeat';

const MAX_ITEMS = 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });

class FieldError extends Error {}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function fail(path: string, rule: string): never {
  throw new FieldError(`${path} ${rule}`);
}

function bool(v: unknown, path: string): boolean | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'boolean' ? v : fail(path, 'must be true or false');
}

function oneOf<T extends string>(v: unknown, path: string, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : fail(path, `must be one of ${allowed.join('|')}`);
}

function num(v: unknown, path: string, min: number, max: number, integer = false): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    fail(path, `must be a${integer ? 'n integer' : ' number'} from ${min} to ${max}`);
  }
  return v;
}

function list<T>(v: unknown, path: string, item: (x: Json, p: string) => T): T[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) fail(path, 'must be an array');
  if (v.length > MAX_ITEMS) fail(path, `must hold at most ${MAX_ITEMS} items`);
  return v.map((x, i) => (isObject(x) ? item(x, `${path}[${i}]`) : fail(`${path}[${i}]`, 'must be an object')));
}

function required<T>(v: T | undefined, path: string): T {
  return v === undefined ? fail(path, 'is required') : v;
}

function health(raw: unknown, type: DeviceType): HealthReport {
  if (raw === undefined) return {};
  if (!isObject(raw)) fail('health', 'must be an object');
  switch (type) {
    case 'dvr':
    case 'nvr':
      return strip({
        disks: list(raw.disks, 'health.disks', (d, p) => ({
          id: typeof d.id === 'string' || (typeof d.id === 'number' && Number.isFinite(d.id)) ? String(d.id) : fail(`${p}.id`, 'must be a string or number'),
          state: required(oneOf(d.state, `${p}.state`, ['ok', 'warning', 'failed', 'absent'] as const), `${p}.state`),
        })),
        channels: list(raw.channels, 'health.channels', (c, p) => ({
          ch: required(num(c.ch, `${p}.ch`, 1, 4096, true), `${p}.ch`),
          recording: bool(c.recording, `${p}.recording`),
          videoLoss: bool(c.videoLoss, `${p}.videoLoss`),
        })),
      });
    case 'camera':
      return strip({
        video: oneOf(raw.video, 'health.video', ['ok', 'lost'] as const),
        tamper: bool(raw.tamper, 'health.tamper'),
        ptz: oneOf(raw.ptz, 'health.ptz', ['ok', 'fault', 'none'] as const),
      });
    case 'switch':
      return strip({
        ports: list(raw.ports, 'health.ports', (x, p) => ({
          port: required(num(x.port, `${p}.port`, 0, 65535, true), `${p}.port`),
          up: required(bool(x.up, `${p}.up`), `${p}.up`),
        })),
        uplinkUp: bool(raw.uplinkUp, 'health.uplinkUp'),
        tempC: num(raw.tempC, 'health.tempC', -60, 200),
      });
    case 'server':
      return strip({
        cpuPct: num(raw.cpuPct, 'health.cpuPct', 0, 100),
        diskPct: num(raw.diskPct, 'health.diskPct', 0, 100),
        services: list(raw.services, 'health.services', (s, p) => ({
          name: typeof s.name === 'string' && s.name.length > 0 && s.name.length <= 64 ? s.name : fail(`${p}.name`, 'must be text of 1–64 characters'),
          up: required(bool(s.up, `${p}.up`), `${p}.up`),
        })),
      });
    default:
      return {};
  }
}

function strip<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** The latest instant that stays a 24-character ISO-8601 string (year 9999). */
const LATEST_TS_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function timestamp(v: unknown): Date {
  // Devices without a real-time clock report 1970 or 2000: that is skew, not an error; past year 9999 is.
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 && v <= LATEST_TS_MS) return new Date(v);
  // ISO-8601 with a time and a zone (Z or ±hh:mm): a device clock without a zone is ambiguous.
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) {
    const d = new Date(v);
    if (d.getTime() > 0 && d.getTime() <= LATEST_TS_MS) return d;
  }
  return fail('ts', 'must be an ISO-8601 time with a zone or epoch milliseconds, between 1970 and 9999');
}

/** Checks one heartbeat payload against CONTRACT.md and the device's registered type. */
export function parseHeartbeat(payload: Uint8Array, registeredType: DeviceType): Parsed<Heartbeat> {
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
  if (raw.type !== undefined && raw.type !== registeredType) {
    return { ok: false, reason: 'type-mismatch', detail: `type ${JSON.stringify(raw.type)} but the device is registered as ${registeredType}` };
  }
  try {
    const fw = raw.fw === undefined ? null : typeof raw.fw === 'string' && raw.fw.length <= 64 ? raw.fw : fail('fw', 'must be text of at most 64 characters');
    return {
      ok: true,
      value: {
        ts: timestamp(raw.ts),
        seq: num(raw.seq, 'seq', 0, Number.MAX_SAFE_INTEGER, true) ?? null,
        type: raw.type === undefined ? null : registeredType,
        fw,
        health: health(raw.health, registeredType),
      },
    };
  } catch (err) {
    if (err instanceof FieldError) return { ok: false, reason: 'invalid-field', detail: err.message };
    throw err;
  }
}

/** The status topic: `online` or `offline` (usually a retained Last Will). */
export function parseStatus(payload: Uint8Array): Parsed<'online' | 'offline'> {
  const text = new TextDecoder().decode(payload).trim();
  return text === 'online' || text === 'offline' ? { ok: true, value: text } : { ok: false, reason: 'bad-status', detail: 'status must be online or offline' };
}
