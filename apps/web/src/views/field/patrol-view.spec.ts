import { describe, expect, it } from 'vitest';
import type { ChecklistItem } from '@vigil/domain/patrols/checklist';
import type { QueuedWrite } from '@web/offline/queue';
import { evidenceText, limitText, videoEvidenceText } from './evidence-text';
import { faultActions, faultView } from './fault-view';
import { lineBody, parseNumber, patrolView, shownValue } from './patrol-view';
import type { FaultItem, PatrolDetail, PatrolLine } from './types';

const item = (over: Partial<ChecklistItem>): ChecklistItem => ({
  key: 'x',
  subsystem: 'central',
  label: { zh: '项', en: 'Item' },
  type: 'pass-fail',
  required: true,
  appliesTo: null,
  ...over,
});
const temp = item({ key: 'switch-temp', type: 'number', max: 60, unit: '°C' });
const photo = item({ key: 'photo-room', type: 'photo', required: true });
const remarks = item({ key: 'remarks', type: 'text', required: false });
const line = (lineKey: string, it: ChecklistItem, result: PatrolLine['result'] = null): PatrolLine => ({ lineKey, item: it, deviceId: null, result, evidence: null });

function patrol(lines: PatrolLine[], over: Partial<PatrolDetail> = {}): PatrolDetail {
  return {
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
    lines,
    photos: [],
    ...over,
  };
}

let n = 0;
function write(over: Partial<QueuedWrite>): QueuedWrite {
  n += 1;
  return {
    id: `w${n}`,
    seq: n,
    key: `k${n}`,
    kind: 'patrol.line',
    owner: 'eng',
    method: 'PUT',
    path: '/x',
    body: { kind: 'none' },
    subject: { patrolId: 'p1' },
    createdAt: 0,
    attempts: 0,
    notBefore: 0,
    lastError: null,
    failed: false,
    ...over,
  };
}

const t = (key: string, params?: Record<string, unknown>): string => `${key}${params ? JSON.stringify(params) : ''}`;

describe('patrolView', () => {
  it("should show a waiting line's value and the verdict the server will give it, over the recorded one", () => {
    const recorded = { lineKey: 'switch-temp', outcome: 'pass' as const, value: 40, note: null, photoIds: [], recordedAt: '', recordedBy: 'eng' };
    const view = patrolView(patrol([line('switch-temp', temp, recorded)]), [
      write({ subject: { patrolId: 'p1', lineKey: 'switch-temp' }, body: { kind: 'json', data: { value: 72 } } }),
    ]);
    expect(view.lines[0]).toMatchObject({ value: 72, outcome: 'fail', pending: true, done: true });
  });

  it('should take the state from waiting start, submit and sign, in that order', () => {
    const p = patrol([], { state: 'due' });
    expect(patrolView(p, [write({ kind: 'patrol.start' })])).toMatchObject({ state: 'in-progress', statePending: true });
    expect(patrolView(p, [write({ kind: 'patrol.start' }), write({ kind: 'patrol.submit' })]).state).toBe('submitted');
    expect(patrolView(p, [write({ kind: 'patrol.submit' }), write({ kind: 'patrol.sign' })]).state).toBe('signed');
    // a refused write changes nothing, and another patrol's writes are not this one's
    expect(patrolView(p, [write({ kind: 'patrol.start', failed: true }), write({ kind: 'patrol.submit', subject: { patrolId: 'p2' } })])).toMatchObject({
      state: 'due',
      statePending: false,
    });
  });

  it('should count a required photo line done only with a photo, uploaded or waiting', () => {
    const p = patrol([line('photo-room', photo), line('remarks', remarks)]);
    expect(patrolView(p, []).missing.map((l) => l.line.lineKey)).toEqual(['photo-room']);
    const waiting = write({ kind: 'patrol.photo', subject: { patrolId: 'p1', lineKey: 'photo-room' }, body: { kind: 'blob', blob: new Blob(['x']), type: 'image/jpeg' } });
    const view = patrolView(p, [waiting]);
    expect(view.missing).toEqual([]);
    expect(view.lines[0]).toMatchObject({ outcome: 'pass', pending: true, photos: { uploaded: [], waiting: [expect.any(Blob)] } });
    // a verdict without the photo is not enough
    const judged = patrol([line('photo-room', photo, { lineKey: 'photo-room', outcome: 'pass', value: null, note: null, photoIds: [], recordedAt: '', recordedBy: 'eng' })]);
    expect(patrolView(judged, []).missing).toHaveLength(1);
  });

  it("should show a refused write's reason on its line", () => {
    const view = patrolView(patrol([line('switch-temp', temp)]), [write({ subject: { patrolId: 'p1', lineKey: 'switch-temp' }, failed: true, lastError: '输入有误' })]);
    expect(view.lines[0]).toMatchObject({ refused: '输入有误', pending: false, outcome: null });
  });

  it('should show the draft as typed before anything else', () => {
    const view = patrolView(patrol([line('switch-temp', temp)]), [write({ subject: { patrolId: 'p1', lineKey: 'switch-temp' }, body: { kind: 'json', data: { value: 50 } } })]);
    expect(shownValue(view.lines[0], { value: '5', updatedAt: 0 })).toBe('5');
    expect(shownValue(view.lines[0], undefined)).toBe('50');
  });
});

describe('lineBody', () => {
  it('should read numbers as people type them and refuse what is not one', () => {
    expect(parseNumber(' 42 ')).toBe(42);
    expect(parseNumber('3,5')).toBe(3.5);
    expect(parseNumber('-1')).toBe(-1);
    for (const bad of ['', 'abc', '4 2', '1e5x', '--1']) expect(parseNumber(bad)).toBeNull();
    expect(lineBody(temp, { value: '45', note: ' fan noisy ' })).toEqual({ body: { value: 45, note: 'fan noisy' } });
    expect(lineBody(temp, { value: 'hot' })).toEqual({ error: 'field.patrol.notANumber' });
  });

  it('should refuse N/A on a required line and need a verdict, a text or a choice by type', () => {
    expect(lineBody(item({}), { outcome: 'n/a' })).toEqual({ error: 'field.patrol.naRequired' });
    expect(lineBody(remarks, { outcome: 'n/a' })).toEqual({ body: { outcome: 'n/a' } });
    expect(lineBody(item({}), {})).toEqual({ error: 'field.patrol.needOutcome' });
    expect(lineBody(item({}), { outcome: 'fail', note: 'cracked' })).toEqual({ body: { outcome: 'fail', note: 'cracked' } });
    expect(lineBody(remarks, { value: '  ' })).toEqual({ error: 'field.patrol.needText' });
    expect(lineBody(item({ type: 'choice', choices: ['A', 'B'] }), {})).toEqual({ error: 'field.patrol.needChoice' });
  });
});

describe('evidenceText', () => {
  const te = (key: string): boolean => key.startsWith('enum.faultKind.') && !key.endsWith('unheard-of');
  const base = { kind: 'video' as const, deviceId: 'D1', lastSeenAt: null };

  it('should say in words what the heartbeats prove, naming each condition found', () => {
    expect(evidenceText({ ...base, ok: true, status: 'online', detail: 'video: ok' }, t, te)).toEqual({
      tone: 'ok',
      text: 'enum.evidenceKind.video: field.patrol.evidenceOk',
    });
    expect(evidenceText({ ...base, ok: null, status: 'unknown', detail: 'never heard from' }, t, te).tone).toBe('unknown');
    expect(evidenceText({ ...base, ok: false, status: 'offline', detail: 'offline' }, t, te).text).toBe('enum.evidenceKind.video: enum.deviceStatus.offline');
    expect(evidenceText({ ...base, ok: false, status: 'degraded', detail: 'video-loss ch2, tamper ch3' }, t, te).text).toBe(
      'enum.evidenceKind.video: field.patrol.evidenceBad (enum.faultKind.video-loss ch2, enum.faultKind.tamper ch3)',
    );
    // a condition the app has no name for is never printed as a code
    expect(evidenceText({ ...base, ok: false, status: 'degraded', detail: 'unheard-of' }, t, te).text).not.toContain('unheard-of');
  });

  it('should say what the stored video evidence shows: days kept against the required, or the failed VQD checks by name', () => {
    const video = { deviceId: 'DVR-1', day: '2026-11-02', detail: '' };
    expect(videoEvidenceText({ ...video, kind: 'retention', ok: false, value: 23, requiredDays: 30, failedChecks: [] }, t, te)).toEqual({
      tone: 'bad',
      text: 'field.patrol.videoKeptOf{"days":23,"required":30,"day":"2026-11-02"}',
    });
    expect(videoEvidenceText({ ...video, kind: 'image', ok: true, value: null, requiredDays: null, failedChecks: [] }, t, te).tone).toBe('ok');
    const vqdTe = (key: string) => key === 'field.patrol.vqd.blur';
    expect(videoEvidenceText({ ...video, kind: 'image', ok: false, value: null, requiredDays: null, failedChecks: ['blur'] }, t, vqdTe).text).toBe(
      'field.patrol.videoFailed{"day":"2026-11-02","checks":"field.patrol.vqd.blur"}',
    );
  });

  it('should put the limits of a number line in a sentence', () => {
    expect(limitText({ max: 60, unit: '°C' }, t)).toBe('field.patrol.limitMax{"max":60,"unit":"°C"}');
    expect(limitText({ min: 0, max: 3000, unit: 'h' }, t)).toBe('field.patrol.limitBetween{"min":0,"max":3000,"unit":"h"}');
    expect(limitText({ min: 30, unit: 'd' }, t)).toBe('field.patrol.limitMin{"min":30,"unit":"d"}');
    expect(limitText({}, t)).toBe('');
  });
});

describe('faultView', () => {
  const fault = { id: 'f1', state: 'dispatched' } as FaultItem;

  it('should follow arrive, restore and close waiting in the queue, and offer the next step', () => {
    expect(faultView(fault, [])).toMatchObject({ state: 'dispatched', statePending: false });
    expect(faultActions('dispatched')).toEqual({ arrive: true, restore: true, close: false });
    const arrived = faultView(fault, [write({ kind: 'fault.arrive', subject: { faultId: 'f1' } })]);
    expect(arrived).toMatchObject({ state: 'on-site', statePending: true });
    expect(faultActions(arrived.state)).toEqual({ arrive: false, restore: true, close: true });
    const closed = faultView(fault, [write({ kind: 'fault.arrive', subject: { faultId: 'f1' } }), write({ kind: 'fault.close', subject: { faultId: 'f1' } })]);
    expect(closed.state).toBe('closed');
    expect(faultActions('closed')).toEqual({ arrive: false, restore: false, close: false });
    expect(faultView(fault, [write({ kind: 'fault.close', subject: { faultId: 'f1' }, failed: true, lastError: '409' })])).toMatchObject({ state: 'dispatched', refused: '409' });
  });
});
