import { mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { createPinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import { i18n } from '@web/i18n';
import { orderBySeverity } from '@web/views/wall/wall-order';
import type { WallSite } from '@web/views/wall/types';
import WallSites from './WallSites.vue';
import WallSummary from './WallSummary.vue';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const site = (code: string, faults: Partial<WallSite['faults']> = {}, oldest: Partial<NonNullable<WallSite['oldestOpenAt']>> = {}, offline = 0): WallSite => ({
  id: `id-${code}`,
  code,
  name: `站点 ${code}`,
  region: null,
  parentId: null,
  timeZone: 'Asia/Shanghai',
  devices: { online: 10 - offline, degraded: 0, offline, unknown: 0, notMonitored: 1, total: 11 },
  faults: { 1: 0, 2: 0, 3: 0, 4: 0, ...faults },
  oldestOpenAt: { 1: null, 2: null, 3: null, 4: null, ...oldest },
});
const plugins = [ElementPlus, i18n, createPinia()];

describe('the wall sites grid', () => {
  it('should draw the sites in the order given with their levels, devices down and how long the worst has waited', () => {
    const sites = orderBySeverity([site('A', { 3: 2 }), site('B', { 1: 1, 4: 2 }, { 1: '2026-12-02T10:30:00Z' }, 3), site('C')]);
    const wrapper = mount(WallSites, { props: { sites, offset: 0, rest: { count: 0, problems: 0 }, now: NOW }, global: { plugins } });
    const rows = wrapper.findAll('[data-testid=wall-site]');
    expect(rows.map((r) => [r.attributes('data-site'), r.attributes('data-rank'), r.attributes('data-worst')])).toEqual([
      ['id-B', '0', '1'],
      ['id-A', '1', '3'],
      ['id-C', '2', ''],
    ]);
    expect(rows[0].findAll('.chip').map((c) => c.text())).toEqual(['一级 1', '四级 2']);
    expect(rows[0].find('.offline').text()).toBe('离线 3/10');
    expect(rows[0].find('.since').text()).toBe('已持续 1:30:00');
    expect(rows[2].find('.since').exists()).toBe(false);
    expect(wrapper.find('.rest').exists()).toBe(false);
  });

  it('should say how many sites did not fit, and how many of them need attention', async () => {
    const wrapper = mount(WallSites, { props: { sites: [site('A')], offset: 20, rest: { count: 120, problems: 7 }, now: NOW }, global: { plugins } });
    expect(wrapper.find('[data-testid=wall-site]').attributes('data-rank')).toBe('20');
    expect(wrapper.find('.rest').text()).toBe('另有 120 个站点（其中 7 个需关注）');
  });
});

describe('the wall summary', () => {
  it('should show the open faults per level, the estate figures and the sites needing attention', () => {
    const wrapper = mount(WallSummary, {
      props: {
        summary: { 1: 2, 2: 0, 3: 17, 4: 5 },
        sites: [site('B', { 1: 2 })],
        stats: { onlineRate: 0.98765, offline: 12, sitesWithFaults: 3, overduePatrols: 1 },
        now: NOW,
      },
      global: { plugins },
    });
    expect([1, 2, 3, 4].map((l) => wrapper.find(`[data-testid=wall-level-${l}] .count`).text())).toEqual(['2', '0', '17', '5']);
    expect(wrapper.find('[data-testid=wall-level-1] .label').text()).toBe('一级故障');
    expect(wrapper.find('[data-testid=wall-level-2]').classes()).toContain('zero');
    // an outage's thousands still fit their box: more digits, smaller figures
    expect(wrapper.find('[data-testid=wall-level-3] .count').classes()).toContain('digits-2');
    expect(wrapper.find('[data-testid=wall-online-rate]').text()).toBe('98.7%');
    expect(wrapper.findAll('[data-testid=wall-top-sites] [data-site]').map((r) => r.attributes('data-site'))).toEqual(['id-B']);
  });

  it('should say all is well when no site needs attention', () => {
    const wrapper = mount(WallSummary, {
      props: { summary: { 1: 0, 2: 0, 3: 0, 4: 0 }, sites: [], stats: { onlineRate: null, offline: 0, sitesWithFaults: 0, overduePatrols: 0 }, now: NOW },
      global: { plugins },
    });
    expect(wrapper.find('[data-testid=wall-top-sites]').text()).toBe('所有站点正常');
    expect(wrapper.find('[data-testid=wall-online-rate]').text()).toBe('—');
  });
});
