import { SHIPPED_HOLIDAY_SCHEDULES, validateHolidaySchedule } from './holiday-schedule';

describe(validateHolidaySchedule.name, () => {
  it('should accept the shipped 2025 and 2026 schedules', () => {
    for (const s of SHIPPED_HOLIDAY_SCHEDULES) expect(validateHolidaySchedule(s)).toEqual([]);
  });

  it('should ship the 2026 spring festival and national day with their make-up days', () => {
    const y2026 = SHIPPED_HOLIDAY_SCHEDULES.find((s) => s.year === 2026)!;
    expect(y2026.daysOff).toEqual(expect.arrayContaining(['2026-02-15', '2026-02-23', '2026-10-01', '2026-10-07']));
    expect(y2026.daysOff).not.toContain('2026-02-24');
    expect(y2026.daysOff).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(y2026.makeUpWorkdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  it('should name every bad field', () => {
    expect(validateHolidaySchedule({ year: 2027, daysOff: ['2027-02-30', '2026-10-01', '2027-01-01'], makeUpWorkdays: ['2027-01-01', 'soon'] })).toEqual([
      { field: 'daysOff[0]', message: '2027-02-30 is not a date written YYYY-MM-DD' },
      { field: 'daysOff[1]', message: '2026-10-01 is not in 2027' },
      { field: 'makeUpWorkdays[1]', message: 'soon is not a date written YYYY-MM-DD' },
      { field: 'makeUpWorkdays[0]', message: '2027-01-01 is also a day off' },
    ]);
    expect(validateHolidaySchedule({ year: 1999, daysOff: [], makeUpWorkdays: [] })).toEqual([{ field: 'year', message: 'must be a year from 2000 to 2100' }]);
  });
});
