import { defineStore } from 'pinia';
import { ref } from 'vue';

/** What the engineer typed into one line and has not yet handed to the queue. */
export interface LineDraft {
  value?: string;
  note?: string;
  updatedAt: number;
}

type Drafts = Record<string, Record<string, LineDraft>>;

export const DRAFTS_KEY = 'vigil.field.drafts';

function read(): Drafts {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(DRAFTS_KEY) ?? '{}');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Drafts) : {};
  } catch {
    return {};
  }
}

/**
 * Values as typed, kept on every keystroke in localStorage: tapping another line, a reload or a phone that
 * kills the tab loses nothing. A draft leaves once the line's write is in the (persistent) queue, and only
 * if nothing was typed into it meanwhile.
 */
export const useFieldDrafts = defineStore('field-drafts', () => {
  const drafts = ref<Drafts>(read());

  function save(): void {
    try {
      localStorage.setItem(DRAFTS_KEY, JSON.stringify(drafts.value));
    } catch {
      // storage full: the draft stays in memory for this page
    }
  }

  function get(patrolId: string, lineKey: string): LineDraft | undefined {
    return drafts.value[patrolId]?.[lineKey];
  }

  function update(patrolId: string, lineKey: string, change: Partial<Pick<LineDraft, 'value' | 'note'>>): void {
    const lines = (drafts.value[patrolId] ??= {});
    lines[lineKey] = { ...lines[lineKey], ...change, updatedAt: Date.now() };
    save();
  }

  const setValue = (patrolId: string, lineKey: string, value: string): void => update(patrolId, lineKey, { value });
  const setNote = (patrolId: string, lineKey: string, note: string): void => update(patrolId, lineKey, { note });

  /** The line's write is queued with `sent`: the draft goes, unless the person typed something else since. */
  function discard(patrolId: string, lineKey: string, sent: LineDraft | undefined): void {
    const now = get(patrolId, lineKey);
    if (!now) return;
    if (sent && (now.value !== sent.value || now.note !== sent.note)) return;
    delete drafts.value[patrolId]![lineKey];
    if (Object.keys(drafts.value[patrolId]!).length === 0) delete drafts.value[patrolId];
    save();
  }

  /** The patrol is submitted: nothing of it can be typed any more. */
  function clearPatrol(patrolId: string): void {
    if (!drafts.value[patrolId]) return;
    delete drafts.value[patrolId];
    save();
  }

  const count = (patrolId: string): number => Object.keys(drafts.value[patrolId] ?? {}).length;

  return { drafts, get, setValue, setNote, discard, clearPatrol, count };
});
