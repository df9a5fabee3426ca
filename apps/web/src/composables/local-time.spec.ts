import { describe, expect, it } from 'vitest';
import { duration, localTime } from './local-time';

describe('localTime', () => {
  it('should print an instant in the named zone with the zone named', () => {
    expect(localTime('2026-12-31T16:30:00Z', 'Asia/Shanghai')).toBe('2027-01-01 00:30 (Asia/Shanghai)');
    expect(localTime('2026-12-31T16:30:00Z', 'Europe/Berlin', { withZone: false })).toBe('2026-12-31 17:30');
  });

  it('should fall back to the default zone for an unknown one and print nothing for no instant', () => {
    expect(localTime('2026-06-01T00:00:00Z', 'Nowhere/City', { dateOnly: true })).toBe('2026-06-01 (Asia/Shanghai)');
    expect(localTime(null)).toBe('');
    expect(localTime('not a date')).toBe('');
  });

  it('should print spans as h:mm:ss, late ones negative', () => {
    expect(duration(3_723_000)).toBe('1:02:03');
    expect(duration(-61_000)).toBe('-0:01:01');
  });
});
