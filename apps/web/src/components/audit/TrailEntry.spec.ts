import { mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { i18n, setLocale } from '@web/i18n/index';
import TrailEntry from './TrailEntry.vue';
import type { FormatContext } from './audit-format';
import type { AuditEntry } from './types';

const closing: AuditEntry = {
  id: 20,
  at: '2026-11-02T03:10:00.000Z',
  actor: 'zhang',
  role: 'engineer',
  action: 'update',
  entity: 'fault',
  entityId: 'f1',
  before: { id: 'f1', kind: 'video-loss', state: 'restored', siteId: 's1', resolution: null, updatedAt: '2026-11-02T03:00:00.000Z' },
  after: {
    id: 'f1',
    kind: 'video-loss',
    state: 'closed',
    siteId: 's1',
    resolution: 'reseated',
    updatedAt: '2026-11-02T03:10:00.000Z',
  },
  prevHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
};

function mountEntry() {
  setLocale('zh-CN');
  const ctx: FormatContext = {
    t: (k, p) => i18n.global.t(k, p ?? {}),
    te: (k) => i18n.global.te(k),
    names: { 'site:s1': { name: '城阳站' }, 'username:zhang': { name: '张工' }, 'fault:f1': { name: 'Gate camera · 城阳站', kind: 'video-loss' } },
    zone: 'Asia/Shanghai',
  };
  return mount(TrailEntry, { props: { entry: closing, ctx }, global: { plugins: [ElementPlus, i18n, createPinia()] } });
}

describe('TrailEntry', () => {
  it('should show who did what to which thing by name, and the change as fields, without ids or JSON', () => {
    const wrapper = mountEntry();
    const text = wrapper.text();
    expect(wrapper.get('[data-testid=entry-actor]').text()).toBe('张工 (zhang) · 工程师');
    expect(wrapper.get('[data-testid=entry-thing]').text()).toBe('故障 · 视频丢失 · Gate camera · 城阳站');
    expect(wrapper.findAll('[data-field]').map((r) => r.text())).toEqual(['状态已恢复→已关闭', '处理结果—→reseated']);
    expect(text).toContain('2026-11-02 11:10');
    expect(text).not.toMatch(/[{}]|s1|f1|video-loss/);
  });

  it('should show every field and the hashes on asking, and ask for the thing’s own history', async () => {
    const wrapper = mountEntry();
    await wrapper.get('[data-testid=entry-details]').trigger('click');
    expect(wrapper.findAll('[data-field]').map((r) => r.attributes('data-field'))).toEqual(['kind', 'state', 'siteId', 'resolution', 'updatedAt']);
    expect(wrapper.text()).toContain('b'.repeat(64));
    await wrapper.get('[data-testid=entry-only]').trigger('click');
    expect(wrapper.emitted('only')).toEqual([['fault', 'f1', '故障 · 视频丢失 · Gate camera · 城阳站']]);
  });
});
