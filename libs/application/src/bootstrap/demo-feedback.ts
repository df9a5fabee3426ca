import { randomUUID } from 'node:crypto';
import { complaintDueAt, DEFAULT_FEEDBACK_RULES, SYSTEM_ACTOR, type FeedbackEntry } from '@vigil/domain';
import type { AuditService } from '../audit/audit.service';
import type { FeedbackRepository } from '../ports';

const H = 3_600_000;

/**
 * A few entries of the feedback register on the demo estate, received in the days before the first start: a praise, a
 * suggestion, a complaint resolved within its due and confirmed by phone, and an open maintenance request about a camera.
 */
export function demoFeedback(
  estate: { customerId: string; contractId: string; sites: { id: string; code: string }[]; devices: { id: string; siteId: string; type: string }[] },
  now: Date,
): FeedbackEntry[] {
  const qingdao = estate.sites.find((s) => s.code === 'QD') ?? estate.sites[0];
  const room = estate.sites.find((s) => s.code === 'QD-R1') ?? qingdao;
  const camera = estate.devices.find((d) => d.siteId === room.id && d.type === 'camera') ?? null;
  const ago = (hours: number) => new Date(now.getTime() - hours * H);
  const base = {
    customerId: estate.customerId,
    contractId: estate.contractId,
    siteId: qingdao.id as string | null,
    deviceId: null as string | null,
    faultId: null,
    reporterContact: null as string | null,
    handlerId: null,
    state: 'open' as FeedbackEntry['state'],
    level: null,
    dueAt: null,
    escalationStep: -1,
    confirmationRequired: false,
    resolution: null as string | null,
    resolvedAt: null as Date | null,
    resolvedBy: null as string | null,
    confirmation: null as FeedbackEntry['confirmation'],
    closedAt: null as Date | null,
    closedBy: null as string | null,
    createdBy: SYSTEM_ACTOR.username,
  };
  const entry = (received: Date, e: Partial<FeedbackEntry> & Pick<FeedbackEntry, 'kind' | 'channel' | 'reporterName' | 'text'>): FeedbackEntry => ({
    ...base,
    id: randomUUID(),
    receivedAt: received,
    createdAt: received,
    updatedAt: received,
    ...e,
  });
  const complaintAt = ago(96);
  return [
    entry(ago(120), {
      kind: 'praise',
      channel: 'wecom',
      reporterName: '青岛分中心 张主任',
      text: '上周大屏故障修复及时，工程师态度很好。Quick big-screen repair last week, a courteous engineer.',
      state: 'closed',
      closedAt: ago(118),
      closedBy: 'system',
    }),
    entry(ago(72), {
      kind: 'suggestion',
      channel: 'mail',
      siteId: null,
      reporterName: '省局信息科 李工',
      reporterContact: 'li@example.cn',
      text: '建议每月巡检报告增加录像完整率统计。Please add recording completeness to the monthly patrol report.',
    }),
    entry(complaintAt, {
      kind: 'complaint',
      channel: 'phone',
      reporterName: '青岛分中心 王科长',
      reporterContact: '0532-0000000',
      text: '一号监控室门口摄像机夜间画面模糊已两天。The gate camera of room 1 has been blurred at night for two days.',
      level: 2,
      dueAt: complaintDueAt(complaintAt, 2, DEFAULT_FEEDBACK_RULES),
      escalationStep: 0,
      deviceId: camera?.id ?? null,
      siteId: camera ? room.id : qingdao.id,
      state: 'closed',
      resolution: '清洁镜头并更换红外灯板，夜间画面恢复。Cleaned the lens and replaced the IR board; the night picture is back.',
      resolvedAt: ago(80),
      resolvedBy: 'system',
      confirmation: { name: '王科长', at: ago(78), via: 'phone', recordedBy: 'system', note: '满意 satisfied' },
      closedAt: ago(78),
      closedBy: 'system',
    }),
    entry(ago(6), {
      kind: 'maintenance-request',
      channel: 'phone',
      reporterName: '一号监控室 值班员',
      text: '一号监控室一台摄像机云台转动卡顿，请安排检修。A PTZ camera in room 1 sticks when it turns: please send someone.',
      deviceId: camera?.id ?? null,
      siteId: room.id,
    }),
  ];
}

/** Writes the demo entries with their history, audited as the system's: inside the demo estate's transaction. */
export async function loadDemoFeedback(repo: FeedbackRepository, audit: AuditService, entries: FeedbackEntry[]): Promise<void> {
  for (const e of entries) {
    await repo.insert(e);
    await repo.addHistory(e.id, { at: e.receivedAt, actor: SYSTEM_ACTOR.username, type: 'registered', detail: { kind: e.kind, channel: e.channel, demo: true } });
    await audit.record(SYSTEM_ACTOR, 'create', 'feedback', e.id, null, e);
  }
}
