import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { FaultKind, FaultLevel, FaultState } from '@web/components/fault/types';

/** What the operator narrowed the list to: kept while they move between the console and a fault's page. */
export const useFaultsView = defineStore('faults-view', () => {
  const levels = ref<FaultLevel[]>([]);
  const states = ref<FaultState[]>([]);
  const kinds = ref<FaultKind[]>([]);
  const siteId = ref<string | null>(null);
  const unacknowledged = ref(false);
  const text = ref('');
  /** Incidents opened to show their member faults. */
  const expanded = shallowRef(new Set<string>());

  function toggleLevel(level: FaultLevel): void {
    levels.value = levels.value.includes(level) ? levels.value.filter((l) => l !== level) : [...levels.value, level].sort();
  }

  function toggleExpanded(id: string): void {
    const next = new Set(expanded.value);
    if (!next.delete(id)) next.add(id);
    expanded.value = next;
  }

  function reset(): void {
    levels.value = [];
    states.value = [];
    kinds.value = [];
    siteId.value = null;
    unacknowledged.value = false;
    text.value = '';
  }

  return { levels, states, kinds, siteId, unacknowledged, text, expanded, toggleLevel, toggleExpanded, reset };
});
