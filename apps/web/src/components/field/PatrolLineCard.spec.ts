import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { computed, defineComponent, h, provide } from 'vue';
import type { ChecklistItem } from '@vigil/domain/patrols/checklist';
import { i18n } from '@web/i18n';
import { useFieldDrafts } from '@web/stores/field-drafts';
import { useFieldQueue } from '@web/stores/field-queue';
import { useSession } from '@web/stores/session';
import { patrolView } from '@web/views/field/patrol-view';
import type { PatrolDetail } from '@web/views/field/types';
import { PATROL_WORK, usePatrolWork } from '@web/views/field/use-patrol-work';
import PatrolLineCard from './PatrolLineCard.vue';

const temp: ChecklistItem = {
  key: 'switch-temp',
  subsystem: 'network',
  label: { zh: '交换机温度', en: 'Switch temperature' },
  type: 'number',
  required: true,
  appliesTo: null,
  max: 60,
  unit: '°C',
};
const dusting: ChecklistItem = { key: 'dusting', subsystem: 'network', label: { zh: '机房、机柜除尘', en: 'Dusted' }, type: 'pass-fail', required: true, appliesTo: null };

const patrol: PatrolDetail = {
  id: 'p1',
  siteId: 's1',
  kind: 'monthly',
  period: '2026-12',
  dueAt: '2026-12-31T16:00:00Z',
  state: 'in-progress',
  assigneeId: 'u1',
  startedAt: null,
  submittedAt: null,
  results: [],
  signoff: null,
  overdue: false,
  missed: false,
  photos: [],
  lines: [
    { lineKey: 'switch-temp', item: temp, deviceId: null, result: null, evidence: null },
    { lineKey: 'dusting', item: dusting, deviceId: null, result: null, evidence: null },
  ],
};

/** The patrol page's part that matters here: both lines, each drawn from the server's record and the queue. */
const Lines = defineComponent({
  setup() {
    provide(PATROL_WORK, usePatrolWork('p1'));
    const queue = useFieldQueue();
    const view = computed(() => patrolView(patrol, queue.mine));
    return () =>
      h(
        'div',
        view.value.lines.map((l) => h(PatrolLineCard, { key: l.line.lineKey, patrolId: 'p1', view: l, editable: true, deviceName: '' })),
      );
  },
});

describe('PatrolLineCard', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
    useSession().me = { userId: 'u1', username: 'eng', role: 'engineer' };
    // the server never answers: what was committed stays waiting in the queue
    vi.stubGlobal(
      'fetch',
      vi.fn(() => new Promise(() => undefined)),
    );
  });

  afterEach(() => vi.unstubAllGlobals());

  const mountLines = () => mount(Lines, { global: { plugins: [i18n] } });

  it('should keep a typed value when another line is tapped, and queue it once as a number', async () => {
    const wrapper = mountLines();
    const value = wrapper.get('[data-line="switch-temp"] [data-testid=line-value]');
    await value.setValue('45');
    expect(useFieldDrafts().get('p1', 'switch-temp')?.value).toBe('45');
    // tapping the other line: the browser blurs the first (change), then clicks
    await value.trigger('change');
    await wrapper.get('[data-line="dusting"] button[data-outcome=pass]').trigger('click');
    await flushPromises();

    expect((wrapper.get('[data-line="switch-temp"] [data-testid=line-value]').element as HTMLInputElement).value).toBe('45');
    const writes = useFieldQueue().mine.map((w) => [w.subject.lineKey, w.body.kind === 'json' ? w.body.data : null]);
    expect(writes).toEqual([
      ['switch-temp', { value: 45 }],
      ['dusting', { outcome: 'pass' }],
    ]);
    // in the queue now, so no longer a draft; the line says it waits and what the server will judge it
    expect(useFieldDrafts().get('p1', 'switch-temp')).toBeUndefined();
    expect(wrapper.get('[data-line="switch-temp"]').attributes('data-outcome')).toBe('pass');
    expect(wrapper.find('[data-line="switch-temp"] [data-testid=line-pending]').exists()).toBe(true);

    // blurring again without typing queues nothing more
    await wrapper.get('[data-line="switch-temp"] [data-testid=line-value]').trigger('change');
    await flushPromises();
    expect(useFieldQueue().mine).toHaveLength(2);
  });

  it('should keep a value typed and never blurred when the page is left and opened again', async () => {
    const first = mountLines();
    await first.get('[data-line="switch-temp"] [data-testid=line-value]').setValue('7');
    first.unmount();
    const again = mountLines();
    expect((again.get('[data-line="switch-temp"] [data-testid=line-value]').element as HTMLInputElement).value).toBe('7');
    expect(useFieldQueue().mine).toHaveLength(0);
  });

  it('should say so and queue nothing when what was typed is not a number', async () => {
    const wrapper = mountLines();
    const value = wrapper.get('[data-line="switch-temp"] [data-testid=line-value]');
    await value.setValue('hot');
    await value.trigger('change');
    await flushPromises();
    expect(wrapper.get('[data-line="switch-temp"] [role=alert]').text()).toBe(i18n.global.t('field.patrol.notANumber'));
    expect(useFieldQueue().mine).toHaveLength(0);
    expect(useFieldDrafts().get('p1', 'switch-temp')?.value).toBe('hot');
  });
});
