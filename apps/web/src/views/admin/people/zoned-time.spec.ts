import { describe, expect, it } from 'vitest';
import { fromLocal, toLocal } from './zoned-time';

describe('fromLocal / toLocal', () => {
  it("should read a wall time in the site's zone, not the browser's", () => {
    expect(fromLocal('2026-10-01 09:00', 'Asia/Shanghai')?.toISOString()).toBe('2026-10-01T01:00:00.000Z');
    expect(fromLocal('2026-10-01 09:00', 'Asia/Urumqi')?.toISOString()).toBe('2026-10-01T03:00:00.000Z');
    expect(fromLocal('2027-01-01 00:30', 'Asia/Shanghai')?.toISOString()).toBe('2026-12-31T16:30:00.000Z');
  });

  it('should follow a change of offset (daylight saving) on either side of it', () => {
    expect(fromLocal('2026-03-29 01:30', 'Europe/Berlin')?.toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(fromLocal('2026-03-29 03:30', 'Europe/Berlin')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(fromLocal('2026-07-01 12:00', 'Europe/Berlin')?.toISOString()).toBe('2026-07-01T10:00:00.000Z');
  });

  it('should refuse text that is not a real wall time', () => {
    expect(fromLocal('2026-02-30 09:00', 'Asia/Shanghai')).toBeNull();
    expect(fromLocal('2026-10-01 24:00', 'Asia/Shanghai')).toBeNull();
    expect(fromLocal('tomorrow', 'Asia/Shanghai')).toBeNull();
  });

  it('should write an instant back as the same wall time, in the default zone when the zone is unknown', () => {
    expect(toLocal('2026-10-01T01:00:00.000Z', 'Asia/Shanghai')).toBe('2026-10-01 09:00');
    expect(toLocal(new Date('2026-12-31T16:30:00Z'), 'Nowhere/Else')).toBe('2027-01-01 00:30');
    expect(toLocal(null, 'Asia/Shanghai')).toBe('');
    for (const local of ['2026-01-01 00:00', '2026-06-15 23:59', '2026-10-25 02:30']) expect(toLocal(fromLocal(local, 'Europe/London'), 'Europe/London')).toBe(local);
  });
});
