import { describe, expect, it } from 'vitest';
import { ApiError } from '@web/api/http';
import { countdown, feedbackActions, historyDetail, linkProblem, meanScore, orderChain, recordActions, scoreType } from './desk-logic';

describe('linkProblem', () => {
  it.each([
    [new ApiError(404, 'no such link', undefined, undefined, undefined, 'link-unknown'), 'unknown'],
    [new ApiError(404, 'no such action', undefined, undefined, undefined, 'link-action-unknown'), 'wrong-purpose'],
    [new ApiError(410, 'gone', undefined, undefined, undefined, 'link-used'), 'used'],
    [new ApiError(410, 'gone', undefined, undefined, undefined, 'link-revoked'), 'revoked'],
    [new ApiError(410, 'gone', undefined, undefined, undefined, 'link-expired'), 'expired'],
  ])('should name the case of %s', (err, problem) => {
    expect(linkProblem(err)).toBe(problem);
  });

  it('should leave other failures to the general error message', () => {
    expect(linkProblem(new ApiError(400, 'signerName is required', 'signerName'))).toBeNull();
    expect(linkProblem(new TypeError('network'))).toBeNull();
  });
});

describe('recordActions', () => {
  it('should let an engineer edit, send and sign a draft, and only correct a signed record', () => {
    expect(recordActions('draft', 'engineer')).toEqual(['edit', 'photo', 'send-link', 'sign', 'pdf']);
    expect(recordActions('signed', 'engineer')).toEqual(['correct', 'pdf']);
  });

  it('should not offer signing to an operator, nor anything but the copy to an auditor', () => {
    expect(recordActions('awaiting-signature', 'operator')).toEqual(['edit', 'photo', 'send-link', 'pdf']);
    expect(recordActions('draft', 'auditor')).toEqual(['pdf']);
  });
});

describe('feedbackActions', () => {
  const complaint = { kind: 'complaint' as const, confirmationRequired: true, confirmation: null };
  it('should offer assign and resolve while open, then the customer confirmation and close', () => {
    expect(feedbackActions({ ...complaint, state: 'open' }, 'operator')).toEqual(['assign', 'resolve', 'close']);
    expect(feedbackActions({ ...complaint, state: 'resolved' }, 'operator')).toEqual(['confirm', 'send-confirmation', 'close', 'reopen']);
    expect(feedbackActions({ ...complaint, state: 'resolved', confirmation: { name: '王' } }, 'operator')).toEqual(['close', 'reopen']);
  });

  it('should keep closing from engineers and everything from auditors', () => {
    expect(feedbackActions({ ...complaint, state: 'in-progress' }, 'engineer')).toEqual(['assign', 'resolve']);
    expect(feedbackActions({ ...complaint, state: 'open' }, 'auditor')).toEqual([]);
  });
});

describe('countdown', () => {
  const now = Date.parse('2026-12-02T08:00:00Z');
  it('should count down to the due and show how late once past', () => {
    expect(countdown('2026-12-02T10:05:09Z', now)).toEqual({ text: '2:05:09', late: false });
    expect(countdown('2026-12-02T07:30:00Z', now)).toEqual({ text: '-0:30:00', late: true });
    expect(countdown('2026-12-04T09:00:00Z', now)).toEqual({ text: '2d 1:00:00', late: false });
  });

  it('should show nothing without a due', () => {
    expect(countdown(null, now)).toBeNull();
  });
});

describe('scores', () => {
  it('should colour a score against the pass mark', () => {
    expect(scoreType(8, 8)).toBe('success');
    expect(scoreType(7, 8)).toBe('danger');
    expect(scoreType(null)).toBe('info');
  });

  it('should average answers to one decimal', () => {
    expect(meanScore([{ score: 9 }, { score: 8 }, { score: 8 }])).toBe(8.3);
    expect(meanScore([])).toBeNull();
  });
});

describe('orderChain', () => {
  it('should put each follow-up after the call it follows', () => {
    const chain = [
      { id: 'c', parentId: 'b' },
      { id: 'a', parentId: null },
      { id: 'b', parentId: 'a' },
    ];
    expect(orderChain(chain).map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('historyDetail', () => {
  it('should write instants in the zone named and leave empty values out', () => {
    expect(historyDetail({ level: 2, dueAt: '2026-12-03T06:00:00.000Z', faultId: null }, 'Asia/Shanghai')).toBe('level: 2, dueAt: 2026-12-03 14:00 (Asia/Shanghai)');
    expect(historyDetail(null)).toBe('');
  });

  it('should name fields and coded values in words and leave ids out', () => {
    const words = { key: (k: string) => ({ kind: '类型', rung: '通知层级' })[k] ?? k, value: (k: string, v: string) => (k === 'kind' && v === 'complaint' ? '投诉' : v) };
    expect(historyDetail({ kind: 'complaint', handlerId: 'u-1', rung: 1 }, 'Asia/Shanghai', words)).toBe('类型: 投诉, 通知层级: 1');
  });
});
