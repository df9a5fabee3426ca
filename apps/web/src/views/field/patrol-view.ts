import { judgeItem, type ChecklistItem, type ItemOutcome } from '@vigil/domain/patrols/checklist';
import type { PatrolState } from '@vigil/domain/patrols/patrol';
import type { QueuedWrite } from '@web/offline/queue';
import type { LineDraft } from '@web/stores/field-drafts';
import type { PatrolDetail, PatrolLine } from './types';

/** One line as the engineer sees it: the server's result, overlaid by what waits in the queue. */
export interface LineView {
  line: PatrolLine;
  outcome: ItemOutcome | null;
  value: number | string | null;
  note: string | null;
  /** A write of this line waits in the queue. */
  pending: boolean;
  /** The server refused this line's last write (the reason, in the reader's language). */
  refused: string | null;
  photos: { uploaded: string[]; waiting: Blob[] };
  /** Recorded, or waiting to be: a required photo line needs its photo. */
  done: boolean;
}

export interface PatrolView {
  state: PatrolState;
  /** The state shown comes from a write still waiting in the queue. */
  statePending: boolean;
  lines: LineView[];
  /** Required lines with nothing recorded or waiting. */
  missing: LineView[];
}

const bodyOf = (w: QueuedWrite): Record<string, unknown> =>
  w.body.kind === 'json' && w.body.data && typeof w.body.data === 'object' ? (w.body.data as Record<string, unknown>) : {};

/** What the server will judge a value to be, shown while the write waits (the server judges it again). */
export function expectedOutcome(item: ChecklistItem, body: { outcome?: ItemOutcome; value?: number | string | null }): ItemOutcome | null {
  const judged = judgeItem(item, body);
  return 'outcome' in judged ? judged.outcome : null;
}

/** The patrol's lines and state with the queue's writes for it laid over the server's answer. */
export function patrolView(patrol: PatrolDetail, writes: readonly QueuedWrite[]): PatrolView {
  const mine = writes.filter((w) => w.subject.patrolId === patrol.id);
  const waiting = mine.filter((w) => !w.failed);
  let state = patrol.state;
  let statePending = false;
  for (const [kind, next] of [
    ['patrol.start', 'in-progress'],
    ['patrol.submit', 'submitted'],
    ['patrol.sign', 'signed'],
  ] as const) {
    if (waiting.some((w) => w.kind === kind)) {
      state = next;
      statePending = true;
    }
  }
  const lines = patrol.lines.map((line): LineView => {
    const forLine = mine.filter((w) => w.subject.lineKey === line.lineKey);
    const record = forLine.filter((w) => w.kind === 'patrol.line' && !w.failed).at(-1);
    const refused = forLine.filter((w) => w.failed).at(-1);
    const body = record ? bodyOf(record) : null;
    const value = body ? ((body.value as number | string | undefined) ?? null) : (line.result?.value ?? null);
    const note = body ? ((body.note as string | undefined) ?? null) : (line.result?.note ?? null);
    const waitingPhotos = forLine.filter((w) => w.kind === 'patrol.photo' && !w.failed).flatMap((w) => (w.body.kind === 'blob' ? [w.body.blob] : []));
    const uploaded = patrol.photos.filter((p) => p.lineKey === line.lineKey).map((p) => p.id);
    let outcome = body ? expectedOutcome(line.item, body) : (line.result?.outcome ?? null);
    // a photo waiting to upload makes a line with no verdict yet a pass, as the server will
    if (!outcome && waitingPhotos.length > 0) outcome = 'pass';
    const hasPhoto = uploaded.length + waitingPhotos.length > 0;
    return {
      line,
      outcome,
      value,
      note,
      pending: !!record || waitingPhotos.length > 0,
      refused: refused?.lastError ?? null,
      photos: { uploaded, waiting: waitingPhotos },
      done: outcome !== null && (line.item.type !== 'photo' || !line.item.required || hasPhoto),
    };
  });
  return { state, statePending, lines, missing: lines.filter((l) => l.line.item.required && !l.done) };
}

/** What a line's input shows: the draft as typed, else the value waiting or recorded. */
export function shownValue(view: LineView, draft: LineDraft | undefined): string {
  if (draft?.value !== undefined) return draft.value;
  return view.value === null ? '' : String(view.value);
}

export function shownNote(view: LineView, draft: LineDraft | undefined): string {
  return draft?.note ?? view.note ?? '';
}

/** A number as people type it on a phone ("42", "3,5", " 7 "); null when it is not one. */
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(',', '.');
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** The body of a line's write from what was typed; an error key when it cannot be sent. */
export function lineBody(item: ChecklistItem, input: { outcome?: ItemOutcome; value?: string; note?: string }): { body: Record<string, unknown> } | { error: string } {
  const note = input.note?.trim() ? input.note.trim() : undefined;
  if (input.outcome === 'n/a') return item.required ? { error: 'field.patrol.naRequired' } : { body: { outcome: 'n/a', ...(note ? { note } : {}) } };
  switch (item.type) {
    case 'number': {
      const n = parseNumber(input.value ?? '');
      if (n === null) return { error: 'field.patrol.notANumber' };
      return { body: { value: n, ...(note ? { note } : {}) } };
    }
    case 'text':
      if (!input.value?.trim()) return { error: 'field.patrol.needText' };
      return { body: { value: input.value.trim(), ...(note ? { note } : {}) } };
    case 'choice':
      if (!input.value) return { error: 'field.patrol.needChoice' };
      return { body: { value: input.value, ...(note ? { note } : {}) } };
    default:
      if (!input.outcome) return { error: 'field.patrol.needOutcome' };
      return { body: { outcome: input.outcome, ...(note ? { note } : {}) } };
  }
}
