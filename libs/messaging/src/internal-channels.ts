import { z } from 'zod';
import {
  ASSET_CHANGES_CHANNEL,
  SITE_CHANGES_CHANNEL,
  DEVICE_EVENTS_CHANNEL,
  DEVICE_STATUS_CHANNEL,
  FAULT_NOTICES_CHANNEL,
  PATROL_PLANS_CHANNEL,
  USER_CHANGED_CHANNEL,
  type DeviceStatusChange,
  type FaultNotice,
} from '@vigil/application';
import { DEVICE_ID_PATTERN, DEVICE_STATUSES, FAULT_KINDS, FAULT_SOURCES, FAULT_STATES, REPORT_CHANNELS } from '@vigil/domain';

/**
 * What may travel on each internal channel. A notice from another process is outside input like any other:
 * it is parsed against its channel's schema here, and one that does not fit is counted and dropped.
 */
const id = z.string().min(1).max(64);
const deviceId = z.string().regex(DEVICE_ID_PATTERN);
const text = z.string().max(10_000);
const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
const MANY = 100_000;

const fault = z.object({
  id,
  deviceId: deviceId.nullable(),
  siteId: id,
  contractId: id.nullable(),
  region: z.string().max(100),
  kind: z.enum(FAULT_KINDS),
  subject: z.string().max(100).nullable(),
  level: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  state: z.enum(FAULT_STATES),
  source: z.enum(FAULT_SOURCES),
  parentFaultId: id.nullable(),
  affectedCount: z.int().min(0),
  description: text.nullable(),
  reporter: z.string().max(200).nullable(),
  channel: z.enum(REPORT_CHANNELS).nullable(),
  plan: text.nullable(),
  assigneeId: id.nullable(),
  patrolId: id.nullable(),
  resolution: text.nullable(),
  openedAt: instant,
  acknowledgedAt: instant.nullable(),
  dispatchedAt: instant.nullable(),
  arrivedAt: instant.nullable(),
  restoredAt: instant.nullable(),
  repairedAt: instant.nullable(),
  closedAt: instant.nullable(),
  clearedAt: instant.nullable(),
  updatedAt: instant,
  pauses: z.array(z.object({ from: instant, to: instant.nullable(), reason: text })).max(1000),
});

export const INTERNAL_CHANNELS = {
  [ASSET_CHANGES_CHANNEL]: z.object({ ids: z.array(deviceId).max(MANY) }),
  [DEVICE_STATUS_CHANNEL]: z.object({
    changes: z.array(z.object({ deviceId, siteId: id, status: z.enum(DEVICE_STATUSES), at: z.iso.datetime({ offset: true }) })).max(MANY),
  }),
  [FAULT_NOTICES_CHANNEL]: z.object({ type: z.enum(['opened', 'updated', 'cleared']), fault }),
  'device-credentials': z.object({ ids: z.array(deviceId).max(MANY) }),
  'gateway-access': z.object({ ids: z.array(deviceId).max(1000), rotated: z.boolean() }),
  [DEVICE_EVENTS_CHANNEL]: z.object({ at: z.number() }),
  [SITE_CHANGES_CHANNEL]: z.object({ at: z.number() }),
  [USER_CHANGED_CHANNEL]: z.object({ userId: id }),
  [PATROL_PLANS_CHANNEL]: z.object({ planIds: z.array(id).min(1).max(1000) }),
} satisfies Record<string, z.ZodType>;

export type InternalChannel = keyof typeof INTERNAL_CHANNELS;
export type InternalNotice<C extends InternalChannel> = z.output<(typeof INTERNAL_CHANNELS)[C]>;

export function isInternalChannel(name: string): name is InternalChannel {
  return Object.hasOwn(INTERNAL_CHANNELS, name);
}

/** What a schema parses is what the shared feed of its channel carries: a compile error here means the two drifted apart. */
type Carries<C extends InternalChannel, T> = InternalNotice<C> extends T ? true : never;
export const SHARED_FEEDS_FIT: [
  Carries<typeof FAULT_NOTICES_CHANNEL, FaultNotice>,
  Carries<typeof DEVICE_STATUS_CHANNEL, { changes: DeviceStatusChange[] }>,
  Carries<typeof ASSET_CHANGES_CHANNEL, { ids: string[] }>,
] = [true, true, true];
