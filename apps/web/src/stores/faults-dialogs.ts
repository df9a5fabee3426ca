import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { ActionKind } from '@web/components/fault/fault-actions';
import type { FaultRow } from '@web/components/fault/types';

export type DialogKind = ActionKind | 'report';

/**
 * Which action form is open, and on which faults: the list's row buttons, the bulk bar and the drawer all
 * open the same forms, drawn once by the console. `done` moves after every action carried out.
 */
export const useFaultDialogs = defineStore('fault-dialogs', () => {
  const current = shallowRef<{ kind: DialogKind; faults: FaultRow[] } | null>(null);
  const done = ref(0);

  function open(kind: DialogKind, faults: FaultRow[] = []): void {
    current.value = { kind, faults };
  }

  function close(): void {
    current.value = null;
  }

  function finished(): void {
    done.value += 1;
    current.value = null;
  }

  return { current, done, open, close, finished };
});
