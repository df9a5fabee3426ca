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
