import { describe, expect, it } from 'vitest';
import { i18n, setLocale, type Locale } from '@web/i18n/index';
import type { Texts } from './audit-format';
import { pageOfPosition, pageWindow, shownRange } from './audit-paging';
import { verdictView } from './chain-verdict';
import { previousMonth, zonedDayStart } from './zoned-day';

function texts(locale: Locale): Texts {
  setLocale(locale);
  return { t: (k, p) => i18n.global.t(k, p ?? {}), te: (k) => i18n.global.te(k) };
}

describe('paging the trail', () => {
  it('should page oldest first as the API answers, and newest first from the end of the trail', () => {
    expect(pageWindow(250, 1, 100, false)).toEqual({ offset: 0, limit: 100 });
    expect(pageWindow(250, 3, 100, false)).toEqual({ offset: 200, limit: 100 });
    expect(pageWindow(250, 1, 100, true)).toEqual({ offset: 150, limit: 100 });
    expect(pageWindow(250, 3, 100, true)).toEqual({ offset: 0, limit: 50 });
    expect(pageWindow(0, 1, 100, true)).toEqual({ offset: 0, limit: 1 });
  });

  it('should count the rows shown and find the page an entry is on', () => {
    expect(shownRange(250, 3, 100, 50)).toEqual({ from: 201, to: 250 });
    expect(shownRange(0, 1, 100, 0)).toEqual({ from: 0, to: 0 });
    expect(pageOfPosition(120, 250, 100, false)).toBe(2);
    expect(pageOfPosition(120, 250, 100, true)).toBe(2);
    expect(pageOfPosition(250, 250, 100, true)).toBe(1);
  });
});

describe("the chain's verdict in plain words", () => {
  it('should say intact and how far signatures prove it', () => {
    expect(verdictView(texts('zh-CN'), { ok: true, entries: 42, lastProven: 40 })).toEqual({
      ok: true,
      headline: '审计链完整：共校验 42 条',
      lines: ['签名证明完整至第 40 条'],
      entry: null,
    });
  });

  it('should name the entry from which it is broken, why, and what is still proven, in either language', () => {
    const broken = { ok: false, entries: 6, brokenAt: 7, lastProven: 5, problem: 'edited', reason: 'its content does not match its hash' };
    expect(verdictView(texts('zh-CN'), broken)).toEqual({
      ok: false,
      headline: '审计链已被篡改：从第 7 条起不可信',
      lines: ['该条内容与其哈希不符（记录被直接修改）', '第 5 条及之前的记录仍可证明完整'],
      entry: 7,
    });
    expect(verdictView(texts('en'), broken).headline).toBe('The chain was tampered with: not to be trusted from entry 7 on');
    // a cut tail names no entry; a problem the page does not know yet is said in the server's words
    expect(verdictView(texts('en'), { ok: false, entries: 3, lastProven: null, problem: 'new-kind', reason: 'something else' })).toEqual({
      ok: false,
      headline: 'The chain is incomplete',
      lines: ['In detail: something else', 'no entry can be proven intact'],
      entry: null,
    });
  });
});

describe('days and months where the estate is', () => {
  it("should start a day at local midnight of the zone, and end it at the next day's", () => {
    expect(zonedDayStart('2026-11-01', 'Asia/Shanghai')).toBe('2026-10-31T16:00:00.000Z');
    expect(zonedDayStart('2026-11-30', 'Asia/Shanghai', true)).toBe('2026-11-30T16:00:00.000Z');
    // across a change of offset (Berlin leaves summer time on 25 Oct 2026)
    expect(zonedDayStart('2026-10-25', 'Europe/Berlin')).toBe('2026-10-24T22:00:00.000Z');
    expect(zonedDayStart('2026-10-26', 'Europe/Berlin')).toBe('2026-10-25T23:00:00.000Z');
  });

  it('should give the month before, in the zone (1 Dec 07:00 in Shanghai is still 30 Nov in UTC)', () => {
    expect(previousMonth(new Date('2026-11-30T23:00:00Z'), 'Asia/Shanghai')).toBe('2026-11');
    expect(previousMonth(new Date('2027-01-15T00:00:00Z'), 'Asia/Shanghai')).toBe('2026-12');
  });
});
