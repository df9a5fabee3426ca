import type { SimCondition } from './args';

export type SimType = 'dvr' | 'nvr' | 'camera' | 'switch' | 'server';

/** One simulated device: what it is, and what is wrong with it right now. */
export interface SimDevice {
  id: string;
  type: SimType;
  intervalSec: number;
  seq: number;
  fw: string;
  channels: number;
  ports: number;
  condition: SimCondition | null;
  /** Heartbeats left until the condition heals; null while forced for the whole run. */
  healsAfter: number | null;
  offlineSent: boolean;
  /** A condition forced once every device has reported once (a device never heard from is only "unknown" to the platform). */
  injected: SimCondition | null;
  /** The device it hangs off (switch, DVR): when that one is silent, so is this one. */
  parentId: string | null;
  /** A camera's VQD condition its last VQD report showed ('' for all checks passed); null before the first. */
  lastVqd: string | null;
}

/** The VQD checks a simulated camera can fail, by the condition the platform raises for each. */
const VQD_CHECK_OF = {
  'vqd-blur': 'blur',
  'vqd-colour-cast': 'colourCast',
  'vqd-noise': 'noise',
  'vqd-occlusion': 'occlusion',
  'vqd-frozen': 'frozen',
  'vqd-signal-loss': 'signalLoss',
  'vqd-brightness': 'brightness',
} as const satisfies Partial<Record<SimCondition, string>>;
type VqdSimCondition = keyof typeof VQD_CHECK_OF;
const VQD_SIM_CONDITIONS = Object.keys(VQD_CHECK_OF) as VqdSimCondition[];
const isVqd = (c: SimCondition | null): c is VqdSimCondition => c !== null && c in VQD_CHECK_OF;

/** Recording a gap shows: the last two hours of channel 1 (no earlier than midnight). */
const GAP_SEC = 2 * 3600;
/** Days of recording a healthy recorder keeps (above every class's minimum), and one that keeps too few. */
const KEPT_DAYS = 120;
const SHORT_KEPT_DAYS = 20;

/** The wall clock in a zone: its date and the seconds since its midnight (a simulator's day: a DST change day is off by the hour). */
export function localDay(now: Date, zone: string): { date: string; elapsedSec: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, elapsedSec: Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second) };
}

function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/** A recorder channel's recording and stream fields: channel 1 carries the recording, retention and stream conditions. */
function recordingOf(c: SimCondition | null, ch: number, now: Date, zone: string): Record<string, unknown> {
  const day = localDay(now, zone);
  const first = ch === 1;
  const gapSec = first && c === 'recording-gap' ? Math.min(GAP_SEC, day.elapsedSec) : 0;
  const fields: Record<string, unknown> = {
    recordedSec: day.elapsedSec - gapSec,
    oldestRecording: daysBefore(day.date, first && c === 'retention-short' ? SHORT_KEPT_DAYS : KEPT_DAYS),
    bitrateKbps: first && c === 'stream-low' ? 128 : 2048,
    fps: first && c === 'stream-low' ? 5 : 25,
  };
  if (gapSec > 0) fields.gaps = [{ from: new Date(now.getTime() - gapSec * 1000).toISOString(), to: now.toISOString() }];
  return fields;
}

const BY_TYPE: Record<SimType, readonly SimCondition[]> = {
  dvr: ['disk-failed', 'disk-warning', 'channel-not-recording', 'video-loss', 'recording-gap', 'retention-short', 'stream-low'],
  nvr: ['disk-failed', 'disk-warning', 'channel-not-recording', 'video-loss', 'recording-gap', 'retention-short', 'stream-low'],
  camera: ['video-loss', 'tamper', 'ptz-fault', 'stream-low', ...VQD_SIM_CONDITIONS],
  switch: ['port-down', 'uplink-down', 'temperature-high'],
  server: ['service-down'],
};

export function conditionsOf(type: SimType): readonly SimCondition[] {
  return [...BY_TYPE[type], 'silent', 'offline'];
}

export function makeSimDevice(id: string, type: SimType, intervalSec: number, random: () => number, parentId: string | null = null): SimDevice {
  return {
    id,
    type,
    intervalSec,
    seq: 0,
    fw: type === 'camera' ? 'V5.7.3' : 'V4.22.005',
    channels: 8 + Math.floor(random() * 9),
    ports: 8 + Math.floor(random() * 17),
    condition: null,
    healsAfter: null,
    offlineSent: false,
    parentId,
    injected: null,
    lastVqd: null,
  };
}

/** A device whose parent, or any device above that, is silent or offline cannot reach the broker either. */
export function isCutOff(d: SimDevice, byId: ReadonlyMap<string, SimDevice>): boolean {
  const seen = new Set<string>([d.id]);
  for (let p = d.parentId ? byId.get(d.parentId) : undefined; p && !seen.has(p.id); p = p.parentId ? byId.get(p.parentId) : undefined) {
    if (p.condition === 'silent' || p.condition === 'offline') return true;
    seen.add(p.id);
  }
  return false;
}

/** The health part of a heartbeat as the device would report it, with its current condition in it. */
export function healthOf(d: SimDevice, now: Date = new Date(), zone = 'Asia/Shanghai'): Record<string, unknown> {
  const c = d.condition;
  switch (d.type) {
    case 'dvr':
    case 'nvr':
      return {
        disks: [
          { id: '1', state: c === 'disk-failed' ? 'failed' : c === 'disk-warning' ? 'warning' : 'ok' },
          { id: '2', state: 'ok' },
        ],
        channels: Array.from({ length: d.channels }, (_, i) => ({
          ch: i + 1,
          recording: !(c === 'channel-not-recording' && i === 0),
          videoLoss: c === 'video-loss' && i === 1,
          ...recordingOf(c, i + 1, now, zone),
        })),
      };
    case 'camera':
      return {
        video: c === 'video-loss' ? 'lost' : 'ok',
        tamper: c === 'tamper',
        ptz: c === 'ptz-fault' ? 'fault' : 'ok',
        bitrateKbps: c === 'stream-low' ? 128 : 2048,
        fps: c === 'stream-low' ? 5 : 25,
      };
    case 'switch':
      return {
        ports: Array.from({ length: d.ports }, (_, i) => ({ port: i + 1, up: !(c === 'port-down' && i === 2) })),
        uplinkUp: c !== 'uplink-down',
        tempC: c === 'temperature-high' ? 78 : 38 + (d.seq % 5),
      };
    case 'server':
      return { cpuPct: 10 + (d.seq % 30), diskPct: 41, services: ['nvr-proxy', 'backup', 'password'].map((name) => ({ name, up: !(c === 'service-down' && name === 'backup') })) };
  }
}

export type SimMessage = { topic: string; payload: string } | null;

/** The next message the device sends (a heartbeat, its Last-Will offline once, or nothing while silent). */
export function nextMessage(d: SimDevice, now: Date, zone = 'Asia/Shanghai'): SimMessage {
  if (d.condition === 'silent') return null;
  if (d.condition === 'offline') {
    if (d.offlineSent) return null;
    d.offlineSent = true;
    return { topic: `vigil/v1/devices/${d.id}/status`, payload: 'offline' };
  }
  d.seq += 1;
  return { topic: `vigil/v1/devices/${d.id}/heartbeat`, payload: JSON.stringify({ ts: now.toISOString(), seq: d.seq, type: d.type, fw: d.fw, health: healthOf(d, now, zone) }) };
}

/**
 * A camera's video-quality report (topic .../vqd), sent after its heartbeat every tenth heartbeat and whenever its VQD
 * condition changes: every check scores well but the one its condition fails.
 */
export function vqdMessage(d: SimDevice, now: Date): SimMessage {
  if (d.type !== 'camera' || d.condition === 'silent' || d.condition === 'offline') return null;
  const showing = isVqd(d.condition) ? d.condition : '';
  if (d.lastVqd === showing && d.seq % 10 !== 1) return null;
  d.lastVqd = showing;
  const failing = isVqd(d.condition) ? VQD_CHECK_OF[d.condition] : null;
  const checks = Object.fromEntries(Object.values(VQD_CHECK_OF).map((check) => [check, check === failing ? { score: 15, pass: false } : { score: 80 + (d.seq % 15) }]));
  return { topic: `vigil/v1/devices/${d.id}/vqd`, payload: JSON.stringify({ ts: now.toISOString(), checks }) };
}

/** Forces the injected conditions, for the rest of the run. */
export function applyInjections(devices: SimDevice[]): number {
  const due = devices.filter((d) => d.injected !== null);
  for (const d of due) Object.assign(d, { condition: d.injected, healsAfter: null, injected: null, offlineSent: false });
  return due.length;
}

/** After each slot: heal a condition whose time is up, or, at the fault rate, develop a new one. */
export function evolve(d: SimDevice, faultRate: number, random: () => number): void {
  if (d.condition !== null) {
    if (d.healsAfter === null) return;
    d.healsAfter -= 1;
    if (d.healsAfter <= 0) {
      d.condition = null;
      d.offlineSent = false;
    }
    return;
  }
  if (faultRate > 0 && random() < faultRate) {
    const options = conditionsOf(d.type);
    d.condition = options[Math.floor(random() * options.length)];
    d.healsAfter = d.condition === 'silent' || d.condition === 'offline' ? 3 + Math.floor(random() * 4) : 1 + Math.floor(random() * 5);
  }
}
