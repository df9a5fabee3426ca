import { mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent } from 'vue';
import { i18n, setLocale } from '@web/i18n';
import { useFaultText } from './describe';

/** The composable as a component of the console uses it. */
function faultText(): ReturnType<typeof useFaultText> {
  let text: ReturnType<typeof useFaultText> | null = null;
  mount(
    defineComponent({
      setup() {
        text = useFaultText();
        return () => null;
      },
    }),
    { global: { plugins: [i18n, createPinia()] } },
  );
  return text!;
}

describe("the console's words for a fault", () => {
  afterEach(() => setLocale('zh-CN'));

  it('should say why a notification went out in the reader’s language, never the alerting’s English', () => {
    setLocale('zh-CN');
    const { notificationReason } = faultText();
    expect(notificationReason('new fault')).toBe('新故障');
    expect(notificationReason('not acknowledged: escalated to supervisor')).toBe('未确认，已升级至主管');
    expect(notificationReason('dispatched to 李工程师')).toBe('派单给 李工程师');
    expect(notificationReason('SLA respond breached (due 2026-12-02 22:22 (Asia/Shanghai))')).toBe('SLA 响应超时（期限 2026-12-02 22:22 (Asia/Shanghai)）');
    setLocale('en');
    expect(notificationReason('SLA arrive at 75 % (due 2026-12-02 22:52 (Asia/Shanghai))')).toBe('SLA Arrive at 75 % (due 2026-12-02 22:52 (Asia/Shanghai))');
  });

  it('should tell a history line in words: who it was dispatched to by name, the plan, the customer who signed', () => {
    setLocale('en');
    const { historyText, eventName } = faultText();
    const line = (type: string, detail: Record<string, unknown>) =>
      historyText({ faultId: 'F', at: '2026-12-01T00:00:00Z', type, actor: 'op', role: 'operator', detail }, new Map([['u-1', 'Li Gong']]));
    expect(line('dispatch', { assigneeId: 'u-1' })).toBe('to Li Gong');
    expect(line('acknowledge', { plan: 'restart the DVR' })).toBe('plan: restart the DVR');
    expect(line('close', { resolution: 'disk replaced', repaired: true, signoff: { signerName: 'Wang', signerTitle: 'head', signature: 'data:' } })).toBe(
      'resolution: disk replaced · repaired for good · signed by the customer: Wang (head)',
    );
    expect(line('opened', { level: 1, affectedCount: 8 })).toBe('level: Level 1 · 8 devices affected');
    expect(eventName('sla-breached')).toBe('SLA breached');
    expect(eventName('something-new')).toBe('Other');
  });
});
