import type { InjectionKey } from 'vue';
import type { ItemOutcome } from '@vigil/domain/patrols/checklist';
import { photoForUpload } from '@web/offline/photo';
import { useFieldDrafts } from '@web/stores/field-drafts';
import { useFieldQueue } from '@web/stores/field-queue';
import { lineBody, type LineView } from './patrol-view';

export interface SignoffInput {
  signerName: string;
  signerTitle: string;
  signature: string;
  stamp?: string;
}

/** What the engineer does to a patrol; every change goes through the queue, so it is kept and sent once, with or without signal. */
export interface PatrolWork {
  patrolId: string;
  /** Hands the line's draft (or a tapped outcome) to the queue; answers a text key when it cannot be sent. */
  commitLine(view: LineView, change?: { outcome?: ItemOutcome }): Promise<string | null>;
  addPhoto(view: LineView, file: File): Promise<string | null>;
  start(): Promise<void>;
  /** Commits every draft left (typed, never blurred); answers the text keys of the lines that could not be. */
  commitDrafts(lines: LineView[]): Promise<string[]>;
  submit(): Promise<void>;
  sign(input: SignoffInput): Promise<void>;
}

export const PATROL_WORK: InjectionKey<PatrolWork> = Symbol('patrol-work');

const enc = encodeURIComponent;

export function usePatrolWork(patrolId: string): PatrolWork {
  const drafts = useFieldDrafts();
  const queue = useFieldQueue();
  const base = `/api/patrols/${enc(patrolId)}`;
  // one change at a time: a blur's commit and the submit's sweep of drafts never queue the same value twice
  let chain: Promise<unknown> = Promise.resolve();
  function serial<T>(run: () => Promise<T>): Promise<T> {
    const next = chain.then(run);
    chain = next.catch(() => undefined);
    return next;
  }

  async function commitLineNow(view: LineView, change: { outcome?: ItemOutcome } = {}): Promise<string | null> {
    const { lineKey, item } = view.line;
    const draft = drafts.get(patrolId, lineKey);
    const snapshot = draft ? { ...draft } : undefined;
    if (!snapshot && !change.outcome) return null;
    const value = snapshot?.value ?? (view.value === null ? undefined : String(view.value));
    const note = snapshot?.note ?? view.note ?? undefined;
    const outcome = change.outcome ?? (item.type === 'pass-fail' || item.type === 'photo' || view.outcome === 'n/a' ? (view.outcome ?? undefined) : undefined);
    // nothing new: the draft matches what is recorded or waiting
    const same =
      !change.outcome && (snapshot?.value === undefined || snapshot.value === String(view.value ?? '')) && (snapshot?.note === undefined || snapshot.note === (view.note ?? ''));
    if (same) {
      drafts.discard(patrolId, lineKey, snapshot);
      return null;
    }
    // a note typed on a line with no verdict yet waits in its draft for the verdict
    if (!change.outcome && (item.type === 'pass-fail' || item.type === 'photo') && !outcome) return null;
    const built = lineBody(item, { outcome, value, note });
    if ('error' in built) return built.error;
    const path = `${base}/lines/${enc(lineKey)}`;
    const last = queue.waiting.filter((w) => w.path === path).at(-1);
    const again = last?.body.kind === 'json' && JSON.stringify(last.body.data) === JSON.stringify(built.body);
    if (!again) await queue.add({ kind: 'patrol.line', method: 'PUT', path, body: { kind: 'json', data: built.body }, subject: { patrolId, lineKey } }, { replaces: true });
    drafts.discard(patrolId, lineKey, snapshot);
    return null;
  }

  async function addPhotoNow(view: LineView, file: File): Promise<string | null> {
    let photo: { blob: Blob; type: string };
    try {
      photo = await photoForUpload(file);
    } catch {
      return 'field.patrol.photoUnreadable';
    }
    const { lineKey } = view.line;
    await queue.add({
      kind: 'patrol.photo',
      method: 'POST',
      path: `${base}/lines/${enc(lineKey)}/photos`,
      body: { kind: 'blob', blob: photo.blob, type: photo.type },
      subject: { patrolId, lineKey },
    });
    return null;
  }

  async function startNow(): Promise<void> {
    await queue.add({ kind: 'patrol.start', method: 'POST', path: `${base}/start`, body: { kind: 'none' }, subject: { patrolId } });
  }

  async function commitDraftsNow(lines: LineView[]): Promise<string[]> {
    const problems: string[] = [];
    for (const view of lines) {
      if (!drafts.get(patrolId, view.line.lineKey)) continue;
      const problem = await commitLineNow(view);
      if (problem) problems.push(problem);
    }
    return problems;
  }

  async function submitNow(): Promise<void> {
    await queue.add({ kind: 'patrol.submit', method: 'POST', path: `${base}/submit`, body: { kind: 'none' }, subject: { patrolId } });
  }

  async function signNow(input: SignoffInput): Promise<void> {
    await queue.add({ kind: 'patrol.sign', method: 'POST', path: `${base}/sign`, body: { kind: 'json', data: input }, subject: { patrolId } });
  }

  return {
    patrolId,
    commitLine: (view, change) => serial(() => commitLineNow(view, change)),
    addPhoto: (view, file) => serial(() => addPhotoNow(view, file)),
    start: () => serial(startNow),
    commitDrafts: (lines) => serial(() => commitDraftsNow(lines)),
    submit: () => serial(submitNow),
    sign: (input) => serial(() => signNow(input)),
  };
}
