import ElementPlus from 'element-plus';
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { i18n, setLocale } from '@web/i18n';
import { useSession } from '@web/stores/session';
import { missingYear, useCalendarOutlook } from './calendar-outlook';
import CalendarNotice from './CalendarNotice.vue';

const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:p(.*)*', component: { template: '<div />' } }] });

function mountAs(role: 'admin' | 'operator', outlook: { missingThisYear: boolean; missingNextYear: boolean }) {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSession().me = { userId: 'u1', username: 'u', role };
  useCalendarOutlook().outlook = { items: [], total: 0, nextYear: 2027, ...outlook };
  return mount(CalendarNotice, { global: { plugins: [ElementPlus, i18n, pinia, router] } });
}

describe('CalendarNotice', () => {
  beforeEach(() => setLocale('zh-CN'));

  it('should name the missing year to an admin, and follow a language switch', async () => {
    const wrapper = mountAs('admin', { missingThisYear: false, missingNextYear: true });
    expect(wrapper.get('[data-testid=calendar-notice]').text()).toContain('2027 年节假日安排尚未导入');
    setLocale('en');
    await nextTick();
    expect(wrapper.get('[data-testid=calendar-notice]').text()).toContain('The 2027 holiday calendar is not loaded');
  });

  it('should say nothing to anyone but an admin, nor when the calendars are loaded', () => {
    expect(mountAs('operator', { missingThisYear: true, missingNextYear: true }).find('[data-testid=calendar-notice]').exists()).toBe(false);
    expect(mountAs('admin', { missingThisYear: false, missingNextYear: false }).find('[data-testid=calendar-notice]').exists()).toBe(false);
  });

  it("should ask for this year's calendar before next year's", () => {
    expect(missingYear({ nextYear: 2027, missingThisYear: true, missingNextYear: true })).toBe(2026);
    expect(missingYear({ nextYear: 2027, missingThisYear: false, missingNextYear: true })).toBe(2027);
    expect(missingYear(null)).toBeNull();
  });
});
