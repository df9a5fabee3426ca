/** Conditions the health model derives from heartbeats; each may carry a subject (disk id, channel, port, service). */
export const CONDITION_KINDS = [
  'offline',
  'disk-failed',
  'disk-warning',
  'channel-not-recording',
  'video-loss',
  'tamper',
  'ptz-fault',
  'port-down',
  'uplink-down',
  'temperature-high',
  'service-down',
  // [14] recording, retention, stream and picture quality (VQD)
  'recording-gap',
  'retention-short',
  'stream-low',
  'vqd-blur',
  'vqd-colour-cast',
  'vqd-noise',
  'vqd-occlusion',
  'vqd-frozen',
  'vqd-signal-loss',
  'vqd-brightness',
] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

export interface Condition {
  kind: ConditionKind;
  /** What inside the device: disk id, channel number, port number or service name; absent for the device as a whole. */
  subject?: string;
}

export function conditionKey(c: Condition): string {
  return c.subject === undefined ? c.kind : `${c.kind}:${c.subject}`;
}
