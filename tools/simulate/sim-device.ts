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
}

const BY_TYPE: Record<SimType, readonly SimCondition[]> = {
  dvr: ['disk-failed', 'disk-warning', 'channel-not-recording', 'video-loss'],
  nvr: ['disk-failed', 'disk-warning', 'channel-not-recording', 'video-loss'],
  camera: ['video-loss', 'tamper', 'ptz-fault'],
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
export function healthOf(d: SimDevice): Record<string, unknown> {
  const c = d.condition;
  switch (d.type) {
    case 'dvr':
    case 'nvr':
      return {
        disks: [
          { id: '1', state: c === 'disk-failed' ? 'failed' : c === 'disk-warning' ? 'warning' : 'ok' },
          { id: '2', state: 'ok' },
        ],
        channels: Array.from({ length: d.channels }, (_, i) => ({ ch: i + 1, recording: !(c === 'channel-not-recording' && i === 0), videoLoss: c === 'video-loss' && i === 1 })),
      };
    case 'camera':
      return { video: c === 'video-loss' ? 'lost' : 'ok', tamper: c === 'tamper', ptz: c === 'ptz-fault' ? 'fault' : 'ok' };
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
export function nextMessage(d: SimDevice, now: Date): SimMessage {
  if (d.condition === 'silent') return null;
  if (d.condition === 'offline') {
    if (d.offlineSent) return null;
    d.offlineSent = true;
    return { topic: `vigil/v1/devices/${d.id}/status`, payload: 'offline' };
  }
  d.seq += 1;
  return { topic: `vigil/v1/devices/${d.id}/heartbeat`, payload: JSON.stringify({ ts: now.toISOString(), seq: d.seq, type: d.type, fw: d.fw, health: healthOf(d) }) };
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
