import { describe, expect, it } from 'vitest';
import { i18n, setLocale, type Locale } from '@web/i18n/index';
import type { FormatContext } from './audit-format';
import { faultRecord } from './fault-record';
import { percent, serviceReportTables } from './report-tables';
import type { FaultDetail, ServiceReport } from './types';

function ctx(locale: Locale, names: FormatContext['names'] = {}): FormatContext {
  setLocale(locale);
  return { t: (k, p) => i18n.global.t(k, p ?? {}), te: (k) => i18n.global.te(k), names, zone: 'Asia/Shanghai' };
}

const step = (status: 'met' | 'breached' | 'pending' | null, due: string | null, completedAt: string | null = null) => ({ status, due, completedAt, warnAt: null });
const fault: FaultDetail = {
  id: 'f1',
  deviceId: 'CAM-1',
  siteId: 's1',
  kind: 'video-loss',
  subject: '2',
  level: 2,
  state: 'closed',
  source: 'health',
  parentFaultId: null,
  affectedCount: 0,
  description: null,
  reporter: null,
  channel: null,
  plan: 'send Li',
  assigneeId: 'u1',
  patrolId: null,
  openedAt: '2026-11-02T01:00:00.000Z',
  acknowledgedAt: '2026-11-02T01:05:00.000Z',
  dispatchedAt: '2026-11-02T01:06:00.000Z',
  arrivedAt: null,
  restoredAt: '2026-11-02T03:00:00.000Z',
  repairedAt: null,
  closedAt: '2026-11-02T03:10:00.000Z',
  clearedAt: null,
  resolution: 'reseated the cable',
  pauses: [{ from: '2026-11-02T02:00:00.000Z', to: '2026-11-02T02:30:00.000Z', reason: 'customer closed the room' }],
  sla: {
    respond: step('met', '2026-11-02T01:15:00.000Z', '2026-11-02T01:05:00.000Z'),
    arrive: step(null, null),
    restore: step('breached', '2026-11-02T02:00:00.000Z'),
    repair: step(null, null),
    calendarMissing: [2027],
    note: 'x',
  },
  history: [
    { at: '2026-11-02T01:00:00.000Z', type: 'opened', actor: null, role: null, detail: { level: 2, kind: 'video-loss', subject: '2', affectedCount: 0 } },
    { at: '2026-11-02T01:06:00.000Z', type: 'dispatch', actor: 'op-1', role: 'operator', detail: { assigneeId: 'u1' } },
    { at: '2026-11-02T03:10:00.000Z', type: 'close', actor: 'zhang', role: 'engineer', detail: { resolution: 'reseated the cable', repaired: false } },
  ],
  affected: [],
  notifications: [{ at: '2026-11-02T01:01:00.000Z', reason: 'opened', step: 0, channel: 'email', recipient: 'li@example.com', status: 'sent', detail: null }],
  assignee: { id: 'u1', name: '李工' },
};

describe('a fault record a person reads', () => {
  const names = { 'site:s1': { name: '城阳站' }, 'device:CAM-1': { name: 'Gate camera' }, 'user:u1': { name: '李工' }, 'username:zhang': { name: '张工' } };

  it('should name what, where and who in Chinese, with times in the site zone and no code or JSON', () => {
    const r = faultRecord(ctx('zh-CN', names), fault);
    expect(r.title).toBe('视频丢失 · Gate camera · 城阳站');
    expect(Object.fromEntries(r.summary.map((s) => [s.label, s.value]))).toMatchObject({
      类型: '视频丢失',
      级别: '二级',
      状态: '已关闭',
      站点: '城阳站',
      设备: 'Gate camera (CAM-1)',
      来源: '自动检测',
      负责人: '李工',
    });
    expect(r.times[0]).toEqual({ label: '发生时间', value: '2026-11-02 09:00' });
    expect(r.pauses).toEqual([{ label: '2026-11-02 10:00 – 2026-11-02 10:30', value: 'customer closed the room' }]);
    expect(r.sla).toEqual([
      { step: '响应', due: '2026-11-02 09:15', completed: '2026-11-02 09:05', status: '达标' },
      { step: '到场', due: '无考核', completed: '—', status: '—' },
      { step: '恢复', due: '2026-11-02 10:00', completed: '—', status: '超时' },
      { step: '修复', due: '无考核', completed: '—', status: '—' },
    ]);
    expect(r.slaNote).toBe('缺少 2027 年节假日安排，按工作日计算');
    expect(r.history.map((h) => [h.at, h.event, h.by, h.detail.map((d) => `${d.label}=${d.after && 'text' in d.after ? d.after.text : ''}`).join(';')])).toEqual([
      ['2026-11-02 09:00', '发生', '系统', '级别=二级;类型=视频丢失;部件=2;受影响设备数=0'],
      ['2026-11-02 09:06', '派单', 'op-1', '负责人=李工'],
      ['2026-11-02 11:10', '关闭', '张工', '处理结果=reseated the cable;已彻底修复=否'],
    ]);
    expect(r.notifications).toEqual([{ at: '2026-11-02 09:01', channel: '邮件', recipient: 'li@example.com', status: '已发送', message: 'opened' }]);
    expect(JSON.stringify(r)).not.toMatch(/video-loss|closed"|\\"\{|s1"|u1"/);
  });

  it('should read the same record in English', () => {
    const r = faultRecord(ctx('en', names), fault);
    expect(r.history.map((h) => h.event)).toEqual(['Opened', 'Dispatched', 'Closed']);
    expect(r.sla[2].status).toBe('Breached');
  });
});

describe('the monthly service report as tables', () => {
  const report: ServiceReport = {
    contract: { id: 'k1', name: 'Metro 2026', timeZone: 'Asia/Shanghai' },
    period: '2026-11',
    from: '2026-10-31T16:00:00.000Z',
    to: '2026-11-30T16:00:00.000Z',
    online: { bySite: [{ key: 's1', siteName: '城阳站', onlineRate: 0.93534, observedHours: 720 }], byDeviceType: [{ key: 'nvr', onlineRate: 1, observedHours: 720 }] },
    faults: { total: 4, byLevel: { 1: 1, 2: 3, 3: 0, 4: 0 }, handled: 2, mttaMinutes: 15, mttrMinutes: 90.5, selfCleared: { count: 2, medianMinutes: 3 } },
    sla: {
      respond: { met: 2, breached: 0, compliance: 1 },
      arrive: { met: 0, breached: 0, compliance: null },
      restore: { met: 1, breached: 1, compliance: 0.5 },
      repair: { met: 0, breached: 0, compliance: null },
    },
    patrols: { total: 4, settled: 3, onTime: 1, late: 1, overdue: 1, notYetDue: 1, signed: 0, onTimeRate: 0.333 },
    repeatFaults: [{ deviceId: 'DVR-1', deviceName: '1号录像机', kind: 'offline', count: 3 }],
    failingModels: [],
  };

  it("should lay out the month's figures with the period in the contract's zone", () => {
    const { heading, period, tables } = serviceReportTables(ctx('zh-CN'), report);
    expect(heading).toBe('Metro 2026 · 2026-11 月度运维报告');
    expect(period).toBe('统计期间：2026-11-01 至 2026-11-30（Asia/Shanghai）');
    const byKey = Object.fromEntries(tables.map((t) => [t.key, t.rows]));
    expect(byKey.faults).toEqual([
      ['故障总数', '4'],
      ['一级', '1'],
      ['二级', '3'],
      ['三级', '0'],
      ['四级', '0'],
      ['人工处理', '2'],
      ['平均响应时间', '15 分钟'],
      ['平均修复时间', '90.5 分钟'],
      ['自行恢复', '2 次（中位时长 3 分钟）'],
    ]);
    expect(byKey.sla[2]).toEqual(['恢复', '1', '1', '50 %']);
    expect(byKey.sla[1]).toEqual(['到场', '0', '0', '—']);
    expect(byKey['online-site']).toEqual([['城阳站', '93.5 %', '720']]);
    expect(byKey['online-type']).toEqual([['网络录像机', '100 %', '720']]);
    expect(byKey.repeats).toEqual([['1号录像机 (DVR-1)', '设备离线', '3']]);
    expect(byKey.models).toEqual([['无', '']]);
    expect(byKey.patrols[1]).toEqual(['按时完成', '1 / 3']);
  });

  it("should lay out the month's spare parts: consumed with their cost, the stock's value, repairs breached waiting for a part", () => {
    const withParts: ServiceReport = {
      ...report,
      parts: {
        consumed: [{ partModelId: 'disk', sku: 'HDD-4T', name: '硬盘 4TB', quantity: 2, costCents: 136_000 }],
        consumedCostCents: 136_000,
        stockValueCents: 50_000,
        breachedWaitingForPart: [{ faultId: 'f1', siteName: '城阳站', level: 2, repairDue: '2026-11-05T02:00:00.000Z', partName: '硬盘 4TB' }],
      },
    };
    const byKey = Object.fromEntries(serviceReportTables(ctx('zh-CN'), withParts).tables.map((t) => [t.key, t.rows]));
    expect(byKey['parts-consumed']).toEqual([
      ['硬盘 4TB', 'HDD-4T', '2', '¥1,360.00'],
      ['本月消耗合计', '', '', '¥1,360.00'],
      ['当前库存金额', '', '', '¥500.00'],
    ]);
    expect(byKey['parts-breached'][0].slice(0, 2)).toEqual(['城阳站 · 二级', '硬盘 4TB']);
    expect(byKey['parts-breached'][0][2]).toContain('2026-11-05 10:00');
    expect(serviceReportTables(ctx('zh-CN'), report).tables.map((t) => t.key)).not.toContain('parts-consumed');
  });

  it('should lay out the video figures per site with its zone, unknown as — never 0', () => {
    const withVideo: ServiceReport = {
      ...report,
      video: {
        bySite: [
          {
            siteId: 's1',
            siteName: '城阳站',
            timeZone: 'Asia/Shanghai',
            completeness: 0.9722,
            retentionCompliance: 0.6667,
            intactRate: null,
            onlineRate: 0.93534,
            unknownChannelDays: 57,
          },
        ],
      },
    };
    const byKey = Object.fromEntries(serviceReportTables(ctx('zh-CN'), withVideo).tables.map((t) => [t.key, t.rows]));
    expect(byKey.video).toEqual([['城阳站 (Asia/Shanghai)', '97.2 %', '66.7 %', '—', '93.5 %', '57']]);
    expect(serviceReportTables(ctx('zh-CN'), report).tables.map((t) => t.key)).not.toContain('video');
  });

  it('should write shares as percentages', () => {
    expect([percent(0.333), percent(null), percent(1)]).toEqual(['33.3 %', '—', '100 %']);
  });
});
