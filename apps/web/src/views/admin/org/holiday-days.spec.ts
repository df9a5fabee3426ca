import { describe, expect, it } from 'vitest';
import { formatDayList, parseDayList } from './holiday-days';

describe("the State Council notice's days", () => {
  it('should spell out spans and read days one a line or separated by commas', () => {
    expect(parseDayList('2027-01-01\n2027-10-01~2027-10-03, 2027-05-01、2027-05-02')).toEqual(['2027-01-01', '2027-10-01', '2027-10-02', '2027-10-03', '2027-05-01', '2027-05-02']);
    expect(parseDayList('2027-02-28 至 2027-03-01')).toEqual(['2027-02-28', '2027-03-01']);
  });

  it('should keep what is no day as typed, for the server to name', () => {
    expect(parseDayList('2027-13-01\nsoon')).toEqual(['2027-13-01', 'soon']);
    expect(parseDayList('2027-10-07~2027-10-01')).toEqual(['2027-10-07~2027-10-01']);
  });

  it('should write a year back as spans, one a line', () => {
    expect(formatDayList(['2027-10-02', '2027-01-01', '2027-10-01', '2027-10-03', '2027-12-31'])).toBe('2027-01-01\n2027-10-01~2027-10-03\n2027-12-31');
    expect(parseDayList(formatDayList(['2027-10-01', '2027-10-02']))).toEqual(['2027-10-01', '2027-10-02']);
    expect(formatDayList([])).toBe('');
  });
});
