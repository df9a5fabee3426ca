import { onCallAt, type OnCallRota, type WebhookFormat } from '@vigil/domain/alerting/oncall-rota';
import type { FaultLevel } from '@vigil/domain/sla/sla-policy';
import { DEFAULT_ZONE } from '@web/composables/local-time';
import type { ContractRow, RotaRow, SiteRow } from './types';
import { fromLocal, toLocal, type LocalText } from './zoned-time';

export const WEBHOOK_FORMAT_LIST: readonly WebhookFormat[] = ['wecom', 'dingtalk', 'json'];

/** The rota form as typed: times are wall times in the rota's zone (its contract's, else its first site's). */
export interface RotaDraft {
  name: string;
  contractId: string;
  siteIds: string[];
  regions: string[];
  maxLevel: FaultLevel;
  cover: '7x24' | '5x8';
  /** In turn order: the first is on call from the start, the next is their backup. */
  members: string[];
  startsAt: LocalText;
  shiftDays: number;
  overrides: { from: LocalText; to: LocalText; userId: string }[];
  supervisorIds: string[];
  managerIds: string[];
  webhooks: { url: string; format: WebhookFormat }[];
  /** Minutes unacknowledged before the backup, the supervisors and the managers are told. */
  escalateAfterMinutes: [number, number, number];
  repeatEveryMinutes: number;
}

/** What the API takes (RotaDto). */
export type RotaBody = Omit<OnCallRota, 'id' | 'createdAt' | 'updatedAt' | 'contractId'> & { contractId?: string };

export interface RotaProblem {
  field: string;
  key: string;
  params?: Record<string, string | number>;
}

/** The zone a rota's times are read and written in: its contract's, else its first site's, else the default. */
export function rotaZone(r: { contractId: string | null; siteIds: string[] | null }, sites: ReadonlyMap<string, SiteRow>, contracts: ReadonlyMap<string, ContractRow>): string {
  if (r.contractId && contracts.get(r.contractId)) return contracts.get(r.contractId)!.timeZone;
  const first = r.siteIds?.map((id) => sites.get(id)).find((s) => s);
  return first?.timeZone ?? DEFAULT_ZONE;
}

export function blankRota(now: Date, zone: string): RotaDraft {
  // shifts hand over at 09:00 local, from today
  return {
    name: '',
    contractId: '',
    siteIds: [],
    regions: [],
    maxLevel: 4,
    cover: '7x24',
    members: [],
    startsAt: `${toLocal(now, zone).slice(0, 10)} 09:00`,
    shiftDays: 7,
    overrides: [],
    supervisorIds: [],
    managerIds: [],
    webhooks: [],
    escalateAfterMinutes: [15, 30, 60],
    repeatEveryMinutes: 10,
  };
}

export function draftOfRota(r: RotaRow, zone: string): RotaDraft {
  return {
    name: r.name,
    contractId: r.contractId ?? '',
    siteIds: [...(r.siteIds ?? [])],
    regions: [...(r.regions ?? [])],
    maxLevel: r.maxLevel,
    cover: r.cover,
    members: [...r.members],
    startsAt: toLocal(r.startsAt, zone),
    shiftDays: r.shiftDays,
    overrides: r.overrides.map((o) => ({ from: toLocal(o.from, zone), to: toLocal(o.to, zone), userId: o.userId })),
    supervisorIds: [...r.supervisorIds],
    managerIds: [...r.managerIds],
    webhooks: r.webhooks.map((w) => ({ ...w })),
    escalateAfterMinutes: [...r.escalateAfterMinutes],
    repeatEveryMinutes: r.repeatEveryMinutes,
  };
}

const isUrl = (text: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
};

/** What is wrong before the rota is sent, by the server's rules (RotaDto, OnCallService); the server checks again. */
export function checkRota(d: RotaDraft, zone: string): RotaProblem[] {
  const out: RotaProblem[] = [];
  const p = (field: string, key: string, params?: RotaProblem['params']) => out.push({ field, key: `people.rotas.problem.${key}`, params });
  if (d.name.trim() === '' || d.name.length > 200) p('name', 'name');
  if (d.members.length === 0) p('members', 'members');
  if (new Set(d.members).size !== d.members.length) p('members', 'membersTwice');
  if (!fromLocal(d.startsAt, zone)) p('startsAt', 'time');
  if (!Number.isInteger(d.shiftDays) || d.shiftDays < 1 || d.shiftDays > 31) p('shiftDays', 'shiftDays');
  d.overrides.forEach((o, i) => {
    const [from, to] = [fromLocal(o.from, zone), fromLocal(o.to, zone)];
    if (!from || !to) p(`overrides.${i}`, 'time');
    else if (to <= from) p(`overrides.${i}`, 'overrideOrder');
    if (!o.userId) p(`overrides.${i}`, 'overrideWho');
  });
  d.webhooks.forEach((w, i) => {
    if (!isUrl(w.url.trim())) p(`webhooks.${i}`, 'url');
  });
  if (d.webhooks.length > 10) p('webhooks', 'webhooksMany');
  const steps = d.escalateAfterMinutes;
  if (steps.some((m) => !Number.isFinite(m) || m < 0.05 || m > 10080)) p('escalateAfterMinutes', 'minutes');
  else if (steps.some((m, i) => i > 0 && m <= steps[i - 1])) p('escalateAfterMinutes', 'rising');
  if (!Number.isFinite(d.repeatEveryMinutes) || d.repeatEveryMinutes < 0.05 || d.repeatEveryMinutes > 1440) p('repeatEveryMinutes', 'repeat');
  return out;
}

/** The body of POST/PUT /api/oncall/rotas: empty site and region lists mean "all" (null); times as instants. */
export function rotaBody(d: RotaDraft, zone: string): RotaBody {
  return {
    name: d.name.trim(),
    ...(d.contractId ? { contractId: d.contractId } : {}),
    siteIds: d.siteIds.length ? [...d.siteIds] : null,
    regions: d.regions.length ? [...d.regions] : null,
    maxLevel: d.maxLevel,
    cover: d.cover,
    members: [...d.members],
    startsAt: fromLocal(d.startsAt, zone)!.toISOString(),
    shiftDays: d.shiftDays,
    overrides: d.overrides.map((o) => ({ from: fromLocal(o.from, zone)!.toISOString(), to: fromLocal(o.to, zone)!.toISOString(), userId: o.userId })),
    supervisorIds: [...d.supervisorIds],
    managerIds: [...d.managerIds],
    webhooks: d.webhooks.map((w) => ({ url: w.url.trim(), format: w.format })),
    escalateAfterMinutes: [...d.escalateAfterMinutes],
    repeatEveryMinutes: d.repeatEveryMinutes,
  };
}

/** Moves a member one place earlier (-1) or later (+1) in the turn order. */
export function moveMember(members: readonly string[], index: number, by: -1 | 1): string[] {
  const to = index + by;
  if (index < 0 || index >= members.length || to < 0 || to >= members.length) return [...members];
  const out = [...members];
  [out[index], out[to]] = [out[to], out[index]];
  return out;
}

/** The next handovers of a draft as the server will compute them: who is on call from when, and the backup. */
export function handovers(d: RotaDraft, zone: string, from: Date, count: number): { at: Date; primary: string | null; backup: string | null }[] {
  const startsAt = fromLocal(d.startsAt, zone);
  if (!startsAt || d.members.length === 0 || d.shiftDays < 1) return [];
  const body = rotaBody({ ...d, overrides: d.overrides.filter((o) => fromLocal(o.from, zone) && fromLocal(o.to, zone)) }, zone);
  const rota = { ...body, id: '', contractId: body.contractId ?? null, createdAt: from, updatedAt: from };
  const shiftMs = d.shiftDays * 86_400_000;
  // the shift holding `from`, then the next ones
  const first = startsAt.getTime() + Math.floor((from.getTime() - startsAt.getTime()) / shiftMs) * shiftMs;
  return Array.from({ length: count }, (_, i) => {
    const at = new Date(Math.max(first + i * shiftMs, i === 0 ? from.getTime() : 0));
    return { at, ...onCallAt(rota, at) };
  });
}

/** Every person a rota names (for its test message), in the order of the chain: members, stand-ins, supervisors, managers. */
export function rotaPeople(r: Pick<OnCallRota, 'members' | 'overrides' | 'supervisorIds' | 'managerIds'>): string[] {
  return [...new Set([...r.members, ...r.overrides.map((o) => o.userId), ...r.supervisorIds, ...r.managerIds])];
}

/** The server's reason a test delivery was not made, as a message key when it is one it is known to give. */
export function deliveryDetailKey(detail: string | null): string | null {
  if (!detail) return null;
  if (/no mail address/.test(detail)) return 'people.rotas.detail.noMail';
  if (/deactivated/.test(detail)) return 'people.rotas.detail.deactivated';
  if (/no mail server/.test(detail)) return 'people.rotas.detail.noMailServer';
  return null;
}
