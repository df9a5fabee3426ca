import {
  analyseFeedback,
  complaintDueAt,
  DEFAULT_FEEDBACK_RULES,
  escalationReason,
  isFeedbackOverdue,
  complaintLadderSteps,
  mergeFeedbackRules,
  refuseFeedbackAction,
  refuseFeedbackClose,
  validateFeedbackRules,
  type FeedbackAnalysisEntry,
  type FeedbackEntry,
} from './index';

const at = (iso: string) => new Date(iso);
const H = 3_600_000;

function entry(over: Partial<FeedbackEntry> = {}): FeedbackEntry {
  return {
    id: 'fb-1',
    customerId: 'c1',
    contractId: null,
    siteId: 's1',
    deviceId: null,
    faultId: null,
    kind: 'complaint',
    channel: 'phone',
    reporterName: '王先生',
    reporterContact: null,
    receivedAt: at('2026-12-01T02:00:00Z'),
    text: 'the camera at the gate shows nothing since Monday',
    handlerId: null,
    state: 'open',
    level: 2,
    dueAt: at('2026-12-02T02:00:00Z'),
    escalationStep: -1,
    confirmationRequired: false,
    resolution: null,
    resolvedAt: null,
    resolvedBy: null,
    confirmation: null,
    closedAt: null,
    closedBy: null,
    createdBy: 'desk',
    createdAt: at('2026-12-01T02:00:00Z'),
    updatedAt: at('2026-12-01T02:00:00Z'),
    ...over,
  };
}

describe('complaint due times', () => {
  const received = at('2026-12-01T02:00:00Z');

  it.each([
    [1, 4],
    [2, 24],
    [3, 72],
  ] as const)('should give a level-%i complaint %i hours by default', (level, hours) => {
    expect(complaintDueAt(received, level, DEFAULT_FEEDBACK_RULES).getTime() - received.getTime()).toBe(hours * H);
  });

  it("should follow the contract's hours, keeping the defaults it leaves out", () => {
    const rules = mergeFeedbackRules({ complaintDueHours: { '1': 2 } as never });
    expect(complaintDueAt(received, 1, rules).getTime() - received.getTime()).toBe(2 * H);
    expect(complaintDueAt(received, 3, rules).getTime() - received.getTime()).toBe(72 * H);
  });

  it('should count a complaint overdue once its due passes unresolved, never a resolved one', () => {
    const e = entry();
    expect(isFeedbackOverdue(e, new Date(e.dueAt!.getTime() - 1))).toBe(false);
    expect(isFeedbackOverdue(e, e.dueAt!)).toBe(true);
    expect(isFeedbackOverdue({ ...e, state: 'resolved' }, new Date(e.dueAt!.getTime() + H))).toBe(false);
    expect(isFeedbackOverdue({ ...e, dueAt: null }, new Date(e.dueAt!.getTime() + H))).toBe(false);
  });
});

describe('the escalation ladder', () => {
  it('should tell the engineer at once, the supervisor at the due and the manager one interval later', () => {
    const received = at('2026-12-01T02:00:00Z');
    const due = complaintDueAt(received, 1, DEFAULT_FEEDBACK_RULES);
    expect(complaintLadderSteps(received, due, { escalationIntervalHours: 6 })).toEqual([
      { step: 0, rung: 'engineer', at: received },
      { step: 1, rung: 'supervisor', at: due },
      { step: 2, rung: 'manager', at: new Date(due.getTime() + 6 * H) },
    ]);
  });

  it('should word each step for the person told', () => {
    expect(escalationReason(0)).toContain('new complaint');
    expect(escalationReason(1)).toContain('supervisor');
    expect(escalationReason(2)).toContain('manager');
  });
});

describe('feedback rules of a contract', () => {
  it('should accept a partial setting and the empty one', () => {
    expect(validateFeedbackRules({})).toEqual([]);
    expect(validateFeedbackRules({ complaintDueHours: { '1': 2, '2': 8, '3': 48 }, escalationIntervalHours: 1.5, complaintConfirmation: true })).toEqual([]);
  });

  it('should name the field of a bad value', () => {
    expect(validateFeedbackRules({ complaintDueHours: { '1': 0 } })[0].field).toBe('feedbackRules.complaintDueHours.1');
    expect(validateFeedbackRules({ escalationIntervalHours: 'soon' })[0].field).toBe('feedbackRules.escalationIntervalHours');
    expect(validateFeedbackRules({ complaintConfirmation: 'yes' })[0].field).toBe('feedbackRules.complaintConfirmation');
    expect(validateFeedbackRules({ confirm: true }).length).toBe(1);
  });

  it('should refuse a serious level that waits longer than a lesser one', () => {
    expect(validateFeedbackRules({ complaintDueHours: { '1': 48 } })).toEqual([{ field: 'feedbackRules.complaintDueHours', message: expect.any(String) }]);
  });
});

describe('feedback state rules', () => {
  it('should let only an open entry start and only a resolved one be confirmed or reopened', () => {
    expect(refuseFeedbackAction(entry(), 'start')).toBeNull();
    expect(refuseFeedbackAction(entry({ state: 'in-progress' }), 'start')?.status).toBe('conflict');
    expect(refuseFeedbackAction(entry(), 'confirm')?.code).toBe('feedback-open');
    expect(refuseFeedbackAction(entry({ state: 'resolved' }), 'confirm')).toBeNull();
    expect(refuseFeedbackAction(entry({ state: 'resolved' }), 'reopen')).toBeNull();
    expect(refuseFeedbackAction(entry({ state: 'closed' }), 'update')?.code).toBe('feedback-closed');
  });

  it('should close a complaint only with a resolution', () => {
    expect(refuseFeedbackClose(entry(), null)).toMatchObject({ status: 'input', field: 'resolution', code: 'resolution-required' });
    expect(refuseFeedbackClose(entry(), '  ')).toMatchObject({ field: 'resolution' });
    expect(refuseFeedbackClose(entry(), 'replaced the camera')).toBeNull();
    expect(refuseFeedbackClose(entry({ state: 'resolved', resolution: 'replaced the camera' }), null)).toBeNull();
  });

  it('should close a complaint whose contract asks for it only after the customer confirmed', () => {
    const resolved = entry({ state: 'resolved', resolution: 'replaced the camera', confirmationRequired: true });
    expect(refuseFeedbackClose(resolved, null)).toMatchObject({ status: 'input', field: 'confirmation', code: 'confirmation-required' });
    expect(refuseFeedbackClose({ ...resolved, confirmation: { name: '王先生', at: at('2026-12-02T00:00:00Z'), via: 'phone', recordedBy: 'desk', note: null } }, null)).toBeNull();
  });

  it('should close a praise without a resolution, and never a closed entry', () => {
    expect(refuseFeedbackClose(entry({ kind: 'praise', level: null, dueAt: null }), null)).toBeNull();
    expect(refuseFeedbackClose(entry({ state: 'closed', resolution: 'x' }), 'y')?.status).toBe('conflict');
  });
});

describe(analyseFeedback.name, () => {
  const e = (over: Partial<FeedbackAnalysisEntry>): FeedbackAnalysisEntry => ({
    kind: 'suggestion',
    channel: 'phone',
    receivedAt: at('2026-07-10T04:00:00Z'),
    siteId: null,
    deviceId: null,
    ...over,
  });
  const complaint = (received: string, hoursToResolve: number | null, dueHours: number, over: Partial<FeedbackAnalysisEntry> = {}) =>
    e({
      kind: 'complaint',
      level: 2,
      receivedAt: at(received),
      dueAt: new Date(at(received).getTime() + dueHours * H),
      resolvedAt: hoursToResolve === null ? null : new Date(at(received).getTime() + hoursToResolve * H),
      ...over,
    });
  const period = { from: at('2026-06-30T16:00:00Z'), to: at('2026-12-31T16:00:00Z'), timeZone: 'Asia/Shanghai' };

  it('should count volumes by kind and channel per local month, every month of the period shown', () => {
    const result = analyseFeedback({
      ...period,
      entries: [
        // 23:30 on 31 July in Shanghai: July there, though August 1st is not yet in UTC
        e({ kind: 'praise', channel: 'wecom', receivedAt: at('2026-07-31T15:30:00Z') }),
        e({ kind: 'praise', channel: 'phone', receivedAt: at('2026-07-31T16:30:00Z') }),
        e({ kind: 'suggestion', channel: 'mail', receivedAt: at('2026-09-02T00:00:00Z') }),
        // before the period
        e({ receivedAt: at('2026-06-30T15:00:00Z') }),
      ],
    });
    expect(result.months.map((m) => m.month)).toEqual(['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
    expect(result.total).toBe(3);
    expect(result.months[0]).toMatchObject({ total: 1, byKind: { praise: 1 }, byChannel: { wecom: 1 } });
    expect(result.months[1]).toMatchObject({ total: 1, byKind: { praise: 1 }, byChannel: { phone: 1 } });
    expect(result.months[2].byChannel.mail).toBe(1);
    expect(result.byKind).toMatchObject({ praise: 2, suggestion: 1, complaint: 0 });
  });

  it('should count complaints on time and late against their dues, with the median handling hours', () => {
    const result = analyseFeedback({
      ...period,
      entries: [
        complaint('2026-08-01T00:00:00Z', 2, 4, { level: 1 }),
        complaint('2026-08-02T00:00:00Z', 30, 24),
        complaint('2026-08-03T00:00:00Z', 10, 24),
        complaint('2026-08-04T00:00:00Z', null, 24),
      ],
    });
    expect(result.complaints).toMatchObject({ total: 4, onTime: 2, late: 1, unresolved: 1, unresolvedOverdue: 1, medianHours: 10 });
    expect(result.complaints.byLevel['1']).toMatchObject({ total: 1, onTime: 1, medianHours: 2 });
    expect(result.complaints.byLevel['2']).toMatchObject({ total: 3, onTime: 1, late: 1, medianHours: 20 });
    expect(result.complaints.byLevel['3']).toMatchObject({ total: 0, medianHours: null });
  });

  it('should name sites, devices and models with two or more issues, praise not counted', () => {
    const result = analyseFeedback({
      ...period,
      entries: [
        e({ kind: 'complaint', siteId: 'A', deviceId: 'CAM-1', deviceModel: 'DS-2CD' }),
        e({ kind: 'maintenance-request', siteId: 'A', deviceId: 'CAM-1', deviceModel: 'DS-2CD' }),
        e({ kind: 'grumble', siteId: 'B', deviceId: 'CAM-2', deviceModel: 'DS-2CD' }),
        e({ kind: 'praise', siteId: 'B', deviceId: 'CAM-2', deviceModel: 'DS-2CD' }),
      ],
    });
    expect(result.repeats).toEqual({ sites: [{ key: 'A', count: 2 }], devices: [{ key: 'CAM-1', count: 2 }], models: [{ key: 'DS-2CD', count: 3 }] });
  });
});
