import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '@vigil/domain/identity/permissions';
import { i18n, setLocale, type Locale } from '@web/i18n/index';
import { actorLabel, changeRows, entityName, formatInline, recordRows, type FormatContext } from './audit-format';

const names = {
  'site:s1': { name: '城阳站' },
  'device:CAM-1': { name: 'Gate camera' },
  'user:u1': { name: '张工' },
  'username:zhang': { name: '张工' },
  'customer:c1': { name: 'Qingdao Metro' },
  'fault:f1': { name: 'Gate camera · 城阳站', kind: 'video-loss' },
  'patrol:p1': { name: '城阳站', kind: 'monthly', period: '2026-10' },
};

function ctx(locale: Locale): FormatContext {
  setLocale(locale);
  return { t: (k, p) => i18n.global.t(k, p ?? {}), te: (k) => i18n.global.te(k), names, zone: 'Asia/Shanghai' };
}

const text = (rows: ReturnType<typeof changeRows>) =>
  rows.map((r) => [r.label, r.before && 'text' in r.before ? r.before.text : null, r.after && 'text' in r.after ? r.after.text : null]);

describe('an audit entry as fields a person reads', () => {
  const acknowledged = {
    entity: 'fault',
    entityId: 'f1',
    before: { id: 'f1', kind: 'video-loss', state: 'open', siteId: 's1', deviceId: 'CAM-1', plan: null, acknowledgedAt: null, updatedAt: '2026-11-02T01:00:00.000Z' },
    after: {
      id: 'f1',
      kind: 'video-loss',
      state: 'acknowledged',
      siteId: 's1',
      deviceId: 'CAM-1',
      plan: 'send Li',
      acknowledgedAt: '2026-11-02T01:05:00.000Z',
      updatedAt: '2026-11-02T01:05:00.000Z',
    },
  };

  it('should show only the fields a change changed, with states named, times local, and nothing of JSON', () => {
    expect(text(changeRows(ctx('zh-CN'), acknowledged))).toEqual([
      ['状态', '待确认', '已确认'],
      ['处理计划', '—', 'send Li'],
      ['确认时间', '—', '2026-11-02 09:05'],
    ]);
    const all = changeRows(ctx('en'), acknowledged, { all: true });
    expect(all.map((r) => r.label)).toEqual(['Kind', 'State', 'Site', 'Device', 'Plan', 'Acknowledged', 'Updated']);
    expect(all.find((r) => r.label === 'Site')).toMatchObject({ before: { text: '城阳站' }, after: { text: '城阳站' }, changed: false });
    expect(JSON.stringify(all.map((r) => [r.before, r.after]))).not.toMatch(/\\"|\{\\|s1|CAM-1/);
  });

  it("should show a creation's fields without the empty ones, a deletion's as they were, and names for every id", () => {
    const created = changeRows(ctx('en'), {
      entity: 'user',
      entityId: 'u9',
      before: null,
      after: { id: 'u9', username: 'li', role: 'engineer', email: null, scope: { customerIds: ['c1'], siteIds: ['s1', 'gone'] } },
    });
    expect(text(created)).toEqual([
      ['Username', null, 'li'],
      ['Role', null, 'Engineer'],
      ['Scope · Customers', null, 'Qingdao Metro'],
      ['Scope · Sites', null, '城阳站, gone'],
    ]);
    const deleted = changeRows(ctx('zh-CN'), {
      entity: 'device',
      entityId: 'CAM-1',
      before: { type: 'camera', siteId: 's1', criticality: 'high', conditions: [{ kind: 'video-loss', subject: '2' }] },
      after: null,
    });
    expect(text(deleted)).toEqual([
      ['类型', '摄像机', null],
      ['站点', '城阳站', null],
      ['重要程度', '高', null],
      ['异常项', '类型: 视频丢失 · 部件: 2', null],
    ]);
  });

  it("should show a closing's signature as a picture and a refusal's permission by name", () => {
    const rows = recordRows(ctx('en'), 'fault', {
      resolution: 'replaced PSU',
      repaired: true,
      signoff: { signerName: 'Wang', signerTitle: 'manager', signature: 'data:image/png;base64,iVBORw0KGgo=' },
    });
    expect(rows.map((r) => [r.label, r.after])).toEqual([
      ['Resolution', { text: 'replaced PSU' }],
      ['Permanently repaired', { text: 'Yes' }],
      ["Customer's signature · Signed by", { text: 'Wang' }],
      ["Customer's signature · Title", { text: 'manager' }],
      ["Customer's signature · Signature", { image: 'data:image/png;base64,iVBORw0KGgo=' }],
    ]);
    expect(text(recordRows(ctx('zh-CN'), 'fault', { permission: 'fault.close' }))).toEqual([['权限', null, '关闭故障']]);
  });

  it("should show a callback the platform opened in the desk's words: its state and reason named, the people who did the job by name, no whole id", () => {
    const rows = changeRows(ctx('zh-CN'), {
      entity: 'callback',
      entityId: '4854246f-1c14-4b04-98ef-1bbdec94e54b',
      before: null,
      after: {
        id: '4854246f-1c14-4b04-98ef-1bbdec94e54b',
        reason: 'phone-fix',
        faultId: 'f1',
        rootId: '4854246f-1c14-4b04-98ef-1bbdec94e54b',
        doneBy: ['u1'],
        passMark: 8,
        state: 'due',
      },
    });
    expect(text(rows)).toEqual([
      ['原因', null, '电话解决'],
      ['故障', null, '视频丢失 · Gate camera · 城阳站'],
      ['首次回访', null, '4854246f…'],
      ['经办人', null, '张工'],
      ['合格分', null, '8'],
      ['状态', null, '待回访'],
    ]);
  });

  it('should name a field no text knows in words, not as a code', () => {
    expect(text(recordRows(ctx('en'), 'site', { someNewField_x: 3 }))).toEqual([['Some new field x', null, '3']]);
  });

  it('should name every permission in both languages', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const x = ctx(locale);
      const unnamed = Object.keys(PERMISSIONS).filter((p) => formatInline(x, 'x', 'permission', p) === p);
      expect(unnamed).toEqual([]);
    }
  });
});

describe('who and what an entry is about', () => {
  it("should name the actor with the username and role, and the platform's own entries as system", () => {
    expect(actorLabel(ctx('zh-CN'), { actor: 'zhang', role: 'engineer' })).toBe('张工 (zhang) · 工程师');
    expect(actorLabel(ctx('en'), { actor: 'aud-1', role: 'auditor' })).toBe('aud-1 · Auditor');
    expect(actorLabel(ctx('en'), { actor: 'system', role: 'system' })).toBe('System');
  });

  it('should name a fault by its kind, device and site, a patrol by kind, site and period, and a deleted thing by the name it had', () => {
    const x = ctx('zh-CN');
    expect(entityName(x, { entity: 'fault', entityId: 'f1', before: null, after: { permission: 'fault.close' } })).toBe('视频丢失 · Gate camera · 城阳站');
    expect(entityName(x, { entity: 'patrol', entityId: 'p1', before: null, after: null })).toBe('月度巡检 · 城阳站 · 2026-10');
    expect(entityName(x, { entity: 'site', entityId: 'gone', before: { name: '旧站点' }, after: null })).toBe('旧站点');
    expect(entityName(x, { entity: 'checklist-template', entityId: 'monthly@3', before: null, after: {} })).toBe('月度巡检 v3');
    expect(entityName(x, { entity: 'device-inventory', entityId: null, before: null, after: { created: 3 } })).toBe('');
    expect(entityName(x, { entity: 'patrol-plan', entityId: 'a22d5c6b-b5bf-4899-9e8f-95d937280db6', before: null, after: { kind: 'monthly', siteIds: ['s1'] } })).toBe(
      '月度巡检 · 城阳站',
    );
    expect(entityName(x, { entity: 'holiday-schedule', entityId: '2027', before: null, after: { year: 2027 } })).toBe('2027');
    expect(entityName(x, { entity: 'oncall-rota', entityId: 'a22d5c6b-b5bf-4899-9e8f-95d937280db6', before: null, after: { members: [] } })).toBe('a22d5c6b…');
  });
});
