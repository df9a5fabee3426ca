import { DEFAULT_TIME_ZONE, formatLocalDate, formatLocalTime, readableZone } from './local-time';

describe(formatLocalTime.name, () => {
  it('should show the next day in Beijing for an instant late on the UTC day before, naming the zone', () => {
    expect(formatLocalTime(new Date('2026-12-31T16:00:00Z'), 'Asia/Shanghai')).toBe('2027-01-01 00:00 (Asia/Shanghai)');
  });

  it('should write the offset instead of the name for CSV cells, following summer time where the zone has it', () => {
    expect(formatLocalTime(new Date('2026-12-31T16:00:00Z'), 'Asia/Shanghai', 'offset')).toBe('2027-01-01 00:00 +08:00');
    expect(formatLocalTime(new Date('2026-07-01T12:00:00Z'), 'Europe/Berlin', 'offset')).toBe('2026-07-01 14:00 +02:00');
    expect(formatLocalTime(new Date('2026-01-01T12:00:00Z'), 'Europe/Berlin', 'offset')).toBe('2026-01-01 13:00 +01:00');
  });

  it('should print seconds when asked and accept ISO text', () => {
    expect(formatLocalTime('2026-03-01T01:02:03.456Z', 'Asia/Shanghai', 'named', true)).toBe('2026-03-01 09:02:03 (Asia/Shanghai)');
  });

  it('should fall back to the default zone for a missing or unknown one, and print nothing for no instant', () => {
    expect(formatLocalTime(new Date('2026-12-31T16:00:00Z'), null)).toBe(`2027-01-01 00:00 (${DEFAULT_TIME_ZONE})`);
    expect(formatLocalTime(new Date('2026-12-31T16:00:00Z'), 'Mars/Olympus')).toBe('2027-01-01 00:00 (Asia/Shanghai)');
    expect(readableZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(formatLocalTime(null, 'Asia/Shanghai')).toBe('');
    expect(formatLocalTime(undefined)).toBe('');
    expect(formatLocalTime('not a time')).toBe('');
  });
});

describe(formatLocalDate.name, () => {
  it('should give the local calendar day', () => {
    expect(formatLocalDate(new Date('2026-12-31T16:00:00Z'), 'Asia/Shanghai')).toBe('2027-01-01');
    expect(formatLocalDate('2026-12-31T16:00:00Z', 'Europe/London')).toBe('2026-12-31');
  });
});
