import ElementPlus from 'element-plus';
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { DEMO_SLA_POLICY } from '@vigil/domain/sla/sla-policy';
import { i18n, setLocale } from '@web/i18n';
import { policyToForm } from './sla-form';
import SlaPolicyEditor from './SlaPolicyEditor.vue';
import type { SlaPolicy } from './types';

describe('SlaPolicyEditor', () => {
  it("should show the server's message under the cell it names, and problems of no cell below the grid", () => {
    setLocale('zh-CN');
    const wrapper = mount(SlaPolicyEditor, {
      props: {
        modelValue: policyToForm(DEMO_SLA_POLICY as SlaPolicy),
        messages: { 'slaPolicy.levels.1.Qingdao.respondMinutes': '须为正整数，或留空表示无时限', 'slaPolicy.levels.2': '一至四级都须填写' },
      },
      global: { plugins: [ElementPlus, i18n] },
    });
    const cell = wrapper.get('[data-error-for="slaPolicy.levels.1.Qingdao.respondMinutes"]');
    expect(cell.text()).toBe('须为正整数，或留空表示无时限');
    expect(cell.element.closest('td')?.querySelector('[data-testid=sla-1-Qingdao-respondMinutes]')).not.toBeNull();
    expect(wrapper.get('[data-error-for="slaPolicy.levels.2"]').text()).toBe('2: 一至四级都须填写');
    expect(wrapper.findAll('tbody tr')).toHaveLength(8);
  });
});
