import {
  answerProblems,
  callbackAlertText,
  callbackLink,
  missedCallbackReason,
  callbackResults,
  callbackTiming,
  DEFAULT_CALLBACK_SETTINGS,
  DEFAULT_SURVEY_QUESTIONS,
  faultCallbackDue,
  faultCallbackReason,
  mayMakeCallback,
  nextCallAfter,
  resolveCallbackSettings,
  satisfactionByQuestion,
  satisfactionBySite,
  surveyFailed,
  surveyPeriodRange,
  validateCallbackSettings,
  type Callback,
  type CallbackFacts,
  type SurveyFacts,
} from '..';

const t = (iso: string) => new Date(iso);
const H = 3600_000;

function cb(over: Partial<CallbackFacts> & { id: string }): CallbackFacts {
  return { siteId: 's1', rootId: over.id, parentId: null, dueAt: t('2026-07-01T02:00:00Z'), missAt: t('2026-07-01T03:00:00Z'), passMark: 8, state: 'due', result: null, ...over };
}
const result = (outcome: 'reached' | 'not-reached' | 'refused', score: number | null, at = '2026-07-01T02:30:00Z') => ({
  outcome,
  score,
  notes: null,
  recordedAt: t(at),
  recordedBy: 'u1',
});

describe('callback settings', () => {
  it('should take the defaults for what a contract leaves out', () => {
    expect(resolveCallbackSettings({ passMark: 9 })).toEqual({ ...DEFAULT_CALLBACK_SETTINGS, passMark: 9 });
    expect(DEFAULT_CALLBACK_SETTINGS).toMatchObject({ delayMinutes: 120, passMark: 8 });
    expect(DEFAULT_SURVEY_QUESTIONS.map((q) => q.key)).toEqual(['response-speed', 'repair-quality', 'engineer-conduct', 'communication', 'overall']);
  });

  it('should name the field of bad settings', () => {
    expect(validateCallbackSettings({ delayMinutes: -1 })).toMatchObject({ ok: false, errors: [{ field: 'settings.delayMinutes' }] });
    expect(validateCallbackSettings({ passMark: 11 })).toMatchObject({ ok: false, errors: [{ field: 'settings.passMark' }] });
    expect(validateCallbackSettings({ colour: 'red' })).toMatchObject({ ok: false });
    const noOverall = validateCallbackSettings({ surveyQuestions: [{ key: 'speed', label: { zh: '速度', en: 'Speed' } }] });
    expect(noOverall).toMatchObject({ ok: false, errors: [{ field: 'settings.surveyQuestions', message: expect.stringContaining('overall') }] });
    const twice = validateCallbackSettings({ surveyQuestions: [...DEFAULT_SURVEY_QUESTIONS, DEFAULT_SURVEY_QUESTIONS[0]] });
    expect(twice).toMatchObject({ ok: false, errors: [{ field: 'settings.surveyQuestions[5].key' }] });
    expect(validateCallbackSettings({ delayMinutes: 180, assigneeRole: 'supervisor' })).toEqual({ ok: true, value: { delayMinutes: 180, assigneeRole: 'supervisor' } });
  });
});

describe('callback timing', () => {
  it('should be due 2 h after the restore of a phone fix, and never before the close', () => {
    const restoredAt = t('2026-07-01T00:00:00Z');
    expect(faultCallbackDue({ restoredAt, closedAt: restoredAt }, DEFAULT_CALLBACK_SETTINGS)).toEqual(t('2026-07-01T02:00:00Z'));
    expect(faultCallbackDue({ restoredAt, closedAt: t('2026-07-01T05:00:00Z') }, DEFAULT_CALLBACK_SETTINGS)).toEqual(t('2026-07-01T05:00:00Z'));
    expect(faultCallbackDue({ restoredAt: null, closedAt: restoredAt }, { delayMinutes: 180 })).toEqual(t('2026-07-01T03:00:00Z'));
    expect(faultCallbackReason({ arrivedAt: null })).toBe('phone-fix');
    expect(faultCallbackReason({ arrivedAt: restoredAt })).toBe('visit');
  });

  it('should read pending, due, missed, done on time and late off the clock', () => {
    const c = cb({ id: 'a' });
    expect(callbackTiming(c, t('2026-07-01T01:00:00Z')).status).toBe('pending');
    expect(callbackTiming(c, t('2026-07-01T02:00:00Z')).status).toBe('due');
    expect(callbackTiming(c, t('2026-07-01T03:00:00Z'))).toEqual({ status: 'missed', missed: true });
    expect(callbackTiming({ ...c, state: 'done', result: result('reached', 9) }, t('2026-07-09T00:00:00Z')).status).toBe('done-on-time');
    expect(callbackTiming({ ...c, state: 'done', result: result('reached', 9, '2026-07-01T04:00:00Z') }, t('2026-07-09T00:00:00Z')).status).toBe('done-late');
  });

  it('should follow up a fail, try again when not reached, and stop at a pass or a refusal', () => {
    const s = { followUpMinutes: 1440, retryMinutes: 60 };
    expect(nextCallAfter({ passMark: 8, result: result('reached', 6) }, s)).toEqual({ reason: 'follow-up', dueAt: new Date(t('2026-07-01T02:30:00Z').getTime() + 24 * H) });
    expect(nextCallAfter({ passMark: 8, result: result('not-reached', null) }, s)).toEqual({ reason: 'retry', dueAt: new Date(t('2026-07-01T02:30:00Z').getTime() + H) });
    expect(nextCallAfter({ passMark: 8, result: result('reached', 8) }, s)).toBeNull();
    expect(nextCallAfter({ passMark: 8, result: result('refused', null) }, s)).toBeNull();
    expect(nextCallAfter({ passMark: 8, result: null }, s)).toBeNull();
  });

  it('should refuse the call to whoever did the job', () => {
    expect(mayMakeCallback({ doneBy: ['eng'] }, 'eng')).toBe(false);
    expect(mayMakeCallback({ doneBy: ['eng'] }, 'op')).toBe(true);
    expect(mayMakeCallback({ doneBy: [] }, null)).toBe(false);
  });
});

describe(callbackResults.name, () => {
  it('should count on time, late, missed, the reached rate, the mean score and the fails closed by a follow-up', () => {
    const all: CallbackFacts[] = [
      cb({ id: 'on-time', state: 'done', result: result('reached', 10) }),
      cb({ id: 'late', state: 'done', result: result('not-reached', null, '2026-07-01T05:00:00Z') }),
      cb({ id: 'missed' }),
      cb({ id: 'open', dueAt: t('2026-07-02T02:00:00Z'), missAt: t('2026-07-09T03:00:00Z') }),
      cb({ id: 'fail', state: 'done', result: result('reached', 6) }),
      // its follow-up fails again, the one after passes: the fail is closed
      cb({
        id: 'fu1',
        rootId: 'fail',
        parentId: 'fail',
        dueAt: t('2026-07-02T02:30:00Z'),
        missAt: t('2026-07-02T03:30:00Z'),
        state: 'done',
        result: result('reached', 7, '2026-07-02T03:00:00Z'),
      }),
      cb({
        id: 'fu2',
        rootId: 'fail',
        parentId: 'fu1',
        dueAt: t('2026-08-03T02:30:00Z'),
        missAt: t('2026-08-03T03:30:00Z'),
        state: 'done',
        result: result('reached', 9, '2026-08-03T03:00:00Z'),
      }),
      // a fail never followed to a pass
      cb({ id: 'fail2', state: 'done', result: result('reached', 2) }),
      // outside the period
      cb({ id: 'old', dueAt: t('2026-06-01T00:00:00Z'), missAt: t('2026-06-01T01:00:00Z') }),
    ];
    const july = { from: t('2026-07-01T00:00:00Z'), to: t('2026-08-01T00:00:00Z') };
    expect(callbackResults(all, july, t('2026-07-05T00:00:00Z'))).toEqual({
      total: 7,
      doneOnTime: 4,
      doneLate: 1,
      missed: 1,
      open: 1,
      reached: 4,
      reachedRate: 0.8,
      meanScore: 6.25,
      fails: 3,
      failsClosed: 2,
    });
    expect(callbackResults([], july, t('2026-07-05T00:00:00Z'))).toMatchObject({ total: 0, reachedRate: null, meanScore: null });
  });
});

describe('surveys', () => {
  it('should turn a period into its instants in the contract zone', () => {
    expect(surveyPeriodRange('2026-H2', 'Asia/Shanghai')).toEqual({ from: t('2026-06-30T16:00:00Z'), to: t('2026-12-31T16:00:00Z') });
    expect(surveyPeriodRange('2026-Q2', 'UTC')).toEqual({ from: t('2026-04-01T00:00:00Z'), to: t('2026-07-01T00:00:00Z') });
    expect(surveyPeriodRange('2026-12', 'UTC')).toEqual({ from: t('2026-12-01T00:00:00Z'), to: t('2027-01-01T00:00:00Z') });
    expect(surveyPeriodRange('2026-H3', 'UTC')).toBeNull();
  });

  it('should want every question answered once with 0–10', () => {
    const qs = DEFAULT_SURVEY_QUESTIONS.slice(3);
    expect(
      answerProblems(qs, [
        { key: 'communication', score: 9 },
        { key: 'overall', score: 10 },
      ]),
    ).toEqual([]);
    expect(
      answerProblems(qs, [
        { key: 'communication', score: 11 },
        { key: 'speed', score: 1 },
      ]).map((p) => p.field),
    ).toEqual(['answers[0].score', 'answers[1].key', 'answers']);
  });

  it('should fail a survey whose overall answer is under the pass mark', () => {
    expect(surveyFailed({ state: 'answered', passMark: 8, answers: [{ key: 'overall', score: 7 }] })).toBe(true);
    expect(surveyFailed({ state: 'answered', passMark: 8, answers: [{ key: 'overall', score: 8 }] })).toBe(false);
    expect(surveyFailed({ state: 'open', passMark: 8, answers: [] })).toBe(false);
  });

  it('should give satisfaction by question and by site over the period', () => {
    const at = t('2026-09-01T00:00:00Z');
    const surveys: SurveyFacts[] = [
      {
        siteId: 's1',
        state: 'answered',
        answeredAt: at,
        passMark: 8,
        answers: [
          { key: 'overall', score: 10 },
          { key: 'communication', score: 6 },
        ],
      },
      {
        siteId: 's1',
        state: 'answered',
        answeredAt: at,
        passMark: 8,
        answers: [
          { key: 'overall', score: 7 },
          { key: 'communication', score: 8 },
        ],
      },
      { siteId: 's2', state: 'answered', answeredAt: at, passMark: 8, answers: [{ key: 'overall', score: 9 }] },
      { siteId: 's2', state: 'open', answeredAt: null, passMark: 8, answers: [] },
      { siteId: 's3', state: 'answered', answeredAt: t('2026-01-01T00:00:00Z'), passMark: 8, answers: [{ key: 'overall', score: 0 }] },
    ];
    const h2 = surveyPeriodRange('2026-H2', 'UTC')!;
    expect(satisfactionByQuestion(surveys, h2)).toEqual([
      { key: 'overall', mean: 8.667, count: 3, passShare: 0.667 },
      { key: 'communication', mean: 7, count: 2, passShare: 0.5 },
    ]);
    const bySite = satisfactionBySite(surveys, h2);
    expect(bySite.map((s) => [s.siteId, s.mean, s.count, s.passShare])).toEqual([
      ['s1', 7.75, 4, 0.5],
      ['s2', 9, 1, 1],
    ]);
    expect(bySite[0].byQuestion[0]).toEqual({ key: 'overall', mean: 8.5, count: 2, passShare: 0.5 });
  });
});

describe('missed callback messages', () => {
  it('should name the job, the site, the local due and miss times with the zone, the assignee and the dashboard address', () => {
    const call = { id: 'cb-1', reason: 'patrol', dueAt: t('2026-12-02T04:00:00Z'), missAt: t('2026-12-02T05:00:00Z'), state: 'due' } as Callback;
    const reason = missedCallbackReason(0, call.dueAt, 'Asia/Shanghai');
    expect(reason).toBe('callback missed (回访逾期, due 2026-12-02 12:00 (Asia/Shanghai))');
    expect(missedCallbackReason(1, call.dueAt, 'Asia/Shanghai')).toMatch(/^callback still not made/);
    const link = callbackLink('https://vigil.example/', 'cb-1');
    expect(link).toBe('https://vigil.example/#/callbacks/cb-1');
    expect(callbackLink(null, 'cb-1')).toBeNull();
    expect(callbackAlertText(call, reason, { site: '一号楼 Building 1', assignee: null }, link, 'Asia/Shanghai')).toEqual({
      title: '[Vigil] callback missed (回访逾期, due 2026-12-02 12:00 (Asia/Shanghai)): 回访 callback · 巡检 patrol · 一号楼 Building 1',
      lines: [
        '回访 callback · 巡检 patrol · 一号楼 Building 1',
        '应回访 due 2026-12-02 12:00 (Asia/Shanghai) · 逾期 missed after 2026-12-02 13:00 (Asia/Shanghai)',
        '负责人 assignee: 未分配 nobody',
        '状态 state: due',
        'https://vigil.example/#/callbacks/cb-1',
      ],
    });
  });
});
