import type { Device } from '../assets/asset.types';
import type { ConditionKind } from '../health/condition';
import type { EvidenceKind } from './checklist';

export interface LiveEvidence {
  kind: EvidenceKind;
  deviceId: string;
  /** What the heartbeats show: true holds, false does not, null not known (never heard). */
  ok: boolean | null;
  status: Device['status'];
  lastSeenAt: Date | null;
  detail: string;
}

const SPOILS: Record<EvidenceKind, readonly ConditionKind[]> = {
  online: [],
  recording: ['channel-not-recording', 'recording-gap', 'retention-short'],
  disks: ['disk-failed', 'disk-warning'],
  ports: ['port-down', 'uplink-down'],
  services: ['service-down'],
  video: ['video-loss', 'tamper', 'stream-low', 'vqd-blur', 'vqd-colour-cast', 'vqd-noise', 'vqd-occlusion', 'vqd-frozen', 'vqd-signal-loss', 'vqd-brightness'],
};

/** What a device's heartbeats prove about a checklist item, with the time they were last heard. */
export function evidenceFor(kind: EvidenceKind, device: Pick<Device, 'id' | 'status' | 'lastSeenAt' | 'conditions'>): LiveEvidence {
  const base = { kind, deviceId: device.id, status: device.status, lastSeenAt: device.lastSeenAt };
  if (device.status === 'unknown') return { ...base, ok: null, detail: 'never heard from' };
  if (device.status === 'offline') return { ...base, ok: false, detail: 'offline' };
  const bad = device.conditions.filter((c) => SPOILS[kind].includes(c.kind));
  if (bad.length === 0) return { ...base, ok: true, detail: kind === 'online' ? 'online' : `${kind}: ok` };
  return { ...base, ok: false, detail: bad.map((c) => (c.subject ? `${c.kind} ${c.subject}` : c.kind)).join(', ') };
}
