import type { DeviceType } from '../assets/device-type';
import type { DiskState, HealthReport } from './heartbeat';

/**
 * The common heartbeat, checked by hand: the same rules as the schema in parse-heartbeat, for payloads
 * holding only known fields in their plain form. Anything else (an unknown key, a null, a wrong value)
 * answers undefined and goes through the schema, which then says what is wrong or strips what it ignores.
 * Half the cost of ingesting a heartbeat was the schema's generic walk.
 */
const MAX_ITEMS = 1024;
type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;
const isNum = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
const isBool = (v: unknown): v is boolean => v === true || v === false;
const DISK_STATES: ReadonlySet<unknown> = new Set<DiskState>(['ok', 'warning', 'failed', 'absent']);

/** Every key of `o` is one of `keys`. */
function only(o: Raw, keys: readonly string[]): boolean {
  for (const k in o) if (!keys.includes(k)) return false;
  return true;
}

/** A list of at most MAX_ITEMS objects, each made by `item` (undefined: not plain, go the long way). */
function list<T>(v: unknown, item: (o: Raw) => T | undefined): T[] | undefined {
  if (!Array.isArray(v) || v.length > MAX_ITEMS) return undefined;
  const out: T[] = [];
  for (const x of v) {
    const made = isObject(x) ? item(x) : undefined;
    if (made === undefined) return undefined;
    out.push(made);
  }
  return out;
}

const CAMERA = ['video', 'tamper', 'ptz'] as const;
const RECORDER = ['disks', 'channels'] as const;
const SWITCH = ['ports', 'uplinkUp', 'tempC'] as const;
const SERVER = ['cpuPct', 'diskPct', 'services'] as const;

function camera(h: Raw): HealthReport | undefined {
  if (!only(h, CAMERA)) return undefined;
  const out: HealthReport = {};
  if (h.video !== undefined) {
    if (h.video !== 'ok' && h.video !== 'lost') return undefined;
    out.video = h.video;
  }
  if (h.tamper !== undefined) {
    if (!isBool(h.tamper)) return undefined;
    out.tamper = h.tamper;
  }
  if (h.ptz !== undefined) {
    if (h.ptz !== 'ok' && h.ptz !== 'fault' && h.ptz !== 'none') return undefined;
    out.ptz = h.ptz;
  }
  return out;
}

function recorder(h: Raw): HealthReport | undefined {
  if (!only(h, RECORDER)) return undefined;
  const out: HealthReport = {};
  if (h.disks !== undefined) {
    const disks = list(h.disks, (d) =>
      only(d, ['id', 'state']) && (typeof d.id === 'string' || typeof d.id === 'number') && DISK_STATES.has(d.state)
        ? { id: String(d.id), state: d.state as DiskState }
        : undefined,
    );
    if (!disks) return undefined;
    out.disks = disks;
  }
  if (h.channels !== undefined) {
    const channels = list(h.channels, (c) => {
      if (!only(c, ['ch', 'recording', 'videoLoss']) || !isInt(c.ch, 1, 4096)) return undefined;
      if ((c.recording !== undefined && !isBool(c.recording)) || (c.videoLoss !== undefined && !isBool(c.videoLoss))) return undefined;
      const ch: { ch: number; recording?: boolean; videoLoss?: boolean } = { ch: c.ch };
      if (c.recording !== undefined) ch.recording = c.recording;
      if (c.videoLoss !== undefined) ch.videoLoss = c.videoLoss;
      return ch;
    });
    if (!channels) return undefined;
    out.channels = channels;
  }
  return out;
}

function networkSwitch(h: Raw): HealthReport | undefined {
  if (!only(h, SWITCH)) return undefined;
  const out: HealthReport = {};
  if (h.ports !== undefined) {
    const ports = list(h.ports, (p) => (only(p, ['port', 'up']) && isInt(p.port, 0, 65535) && isBool(p.up) ? { port: p.port, up: p.up } : undefined));
    if (!ports) return undefined;
    out.ports = ports;
  }
  if (h.uplinkUp !== undefined) {
    if (!isBool(h.uplinkUp)) return undefined;
    out.uplinkUp = h.uplinkUp;
  }
  if (h.tempC !== undefined) {
    if (!isNum(h.tempC, -60, 200)) return undefined;
    out.tempC = h.tempC;
  }
  return out;
}

function server(h: Raw): HealthReport | undefined {
  if (!only(h, SERVER)) return undefined;
  const out: HealthReport = {};
  if (h.cpuPct !== undefined) {
    if (!isNum(h.cpuPct, 0, 100)) return undefined;
    out.cpuPct = h.cpuPct;
  }
  if (h.diskPct !== undefined) {
    if (!isNum(h.diskPct, 0, 100)) return undefined;
    out.diskPct = h.diskPct;
  }
  if (h.services !== undefined) {
    const services = list(h.services, (s) =>
      only(s, ['name', 'up']) && typeof s.name === 'string' && s.name.length >= 1 && s.name.length <= 64 && isBool(s.up) ? { name: s.name, up: s.up } : undefined,
    );
    if (!services) return undefined;
    out.services = services;
  }
  return out;
}

const FAMILIES: Partial<Record<DeviceType, (h: Raw) => HealthReport | undefined>> = { camera, dvr: recorder, nvr: recorder, switch: networkSwitch, server };

/** The health of a plain heartbeat of `type`, or undefined when it is not plain (the schema decides then). */
export function plainHealth(health: unknown, type: DeviceType): HealthReport | undefined {
  if (health === undefined) return {};
  if (!isObject(health)) return undefined;
  const family = FAMILIES[type];
  return family ? family(health) : {};
}

const TOP = ['ts', 'seq', 'fw', 'type', 'health'] as const;

/** The plain fields of a heartbeat besides ts, or undefined when any is not plain. */
export function plainFields(raw: Raw): { seq: number | null; fw: string | null } | undefined {
  if (!only(raw, TOP)) return undefined;
  if (raw.seq !== undefined && !isInt(raw.seq, 0, Number.MAX_SAFE_INTEGER)) return undefined;
  if (raw.fw !== undefined && (typeof raw.fw !== 'string' || raw.fw.length > 64)) return undefined;
  return { seq: raw.seq ?? null, fw: (raw.fw as string | undefined) ?? null };
}
