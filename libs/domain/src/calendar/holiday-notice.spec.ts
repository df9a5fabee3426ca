import { calendarOutlook, parseHolidayCsv, parseHolidayJson, parseHolidayNotice } from './holiday-notice';

const errorsOf = (r: ReturnType<typeof parseHolidayCsv>) => (r.ok ? [] : r.errors);

describe(parseHolidayCsv.name, () => {
  it('should read one row a day into days off and make-up working days, with or without a header', () => {
    const text = '\uFEFFdate,kind\r\n2027-01-01,off\r\n# Spring Festival\r\n2027-02-06,workday\r\n\r\n"2027-02-10","off",春节\r\n2027-02-09,休\r\n2027-02-20,班\r\n';
    expect(parseHolidayCsv(2027, text)).toEqual({
      ok: true,
      schedule: {
        year: 2027,
        daysOff: ['2027-01-01', '2027-02-09', '2027-02-10'],
        makeUpWorkdays: ['2027-02-06', '2027-02-20'],
      },
    });
    expect(parseHolidayCsv(2027, '2027-10-01,OFF\n').ok).toBe(true);
  });

  it('should name the line of every bad row and keep nothing', () => {
    const text = ['date,kind', '2027-01-01,off', '2027-02-30,off', '2026-12-31,off', '2027-03-01,holiday', '2027-01-01,workday', '2027-05-01', 'constructor,constructor'].join(
      '\n',
    );
    expect(errorsOf(parseHolidayCsv(2027, text))).toEqual([
      { field: 'line 3', message: '"2027-02-30" is not a date written YYYY-MM-DD' },
      { field: 'line 4', message: '2026-12-31 is not in 2027' },
      { field: 'line 5', message: 'kind "holiday" must be off or workday' },
      { field: 'line 6', message: '2027-01-01 is already on line 2' },
      { field: 'line 7', message: 'expected two columns date,kind, found "2027-05-01"' },
      { field: 'line 8', message: '"constructor" is not a date written YYYY-MM-DD' },
    ]);
  });

  it('should refuse a file with no rows and a year outside 2000–2100', () => {
    expect(errorsOf(parseHolidayCsv(2027, 'date,kind\n\n'))).toEqual([{ field: 'line 1', message: 'the file has no rows date,kind' }]);
    expect(errorsOf(parseHolidayCsv(1999, '1999-01-01,off'))).toEqual([{ field: 'year', message: 'must be a year from 2000 to 2100' }]);
  });

  it('should stop listing after twenty problems', () => {
    expect(errorsOf(parseHolidayCsv(2027, Array.from({ length: 50 }, () => 'x,off').join('\n')))).toHaveLength(20);
  });
});

describe(parseHolidayJson.name, () => {
  it('should take the lists and the source, and ignore other keys', () => {
    expect(parseHolidayJson(2027, { daysOff: ['2027-01-01'], makeUpWorkdays: [], source: '国办发明电', year: 1990 })).toEqual({
      ok: true,
      schedule: { year: 2027, daysOff: ['2027-01-01'], makeUpWorkdays: [], source: '国办发明电' },
    });
  });

  it('should name the wrong field', () => {
    expect(parseHolidayJson(2027, [])).toMatchObject({ ok: false, errors: [{ field: 'body' }] });
    expect(parseHolidayJson(2027, { daysOff: 'soon', makeUpWorkdays: [1], source: 5 })).toMatchObject({
      ok: false,
      errors: [{ field: 'daysOff' }, { field: 'makeUpWorkdays' }, { field: 'source' }],
    });
    expect(parseHolidayJson(2027, { daysOff: ['2027-01-01', '2027-01-02', '2027-01-01'], makeUpWorkdays: [] })).toEqual({
      ok: false,
      errors: [{ field: 'daysOff[2]', message: '2027-01-01 is already daysOff[0]' }],
    });
  });
});

describe(parseHolidayNotice.name, () => {
  it('should read text as CSV, with the source given beside it, and anything else as JSON', () => {
    expect(parseHolidayNotice(2027, '2027-01-01,off', '国办发明电〔2026〕7号')).toMatchObject({ ok: true, schedule: { source: '国办发明电〔2026〕7号', daysOff: ['2027-01-01'] } });
    expect(parseHolidayNotice(2027, { daysOff: [], makeUpWorkdays: [] })).toMatchObject({ ok: true, schedule: { year: 2027 } });
    expect(parseHolidayNotice(2027, undefined)).toMatchObject({ ok: false, errors: [{ field: 'body' }] });
  });
});

describe(calendarOutlook.name, () => {
  const at = (s: string) => new Date(s);

  it('should warn from 60 days before the year ends in Beijing time while next year is missing', () => {
    expect(calendarOutlook(at('2026-11-01T23:59:59+08:00'), [2025, 2026])).toEqual({ nextYear: 2027, missingNextYear: false, missingThisYear: false, warnFrom: '2026-11-02' });
    expect(calendarOutlook(at('2026-11-02T00:00:00+08:00'), [2025, 2026]).missingNextYear).toBe(true);
    expect(calendarOutlook(at('2026-12-31T23:00:00+08:00'), [2026, 2027]).missingNextYear).toBe(false);
  });

  it('should count the year by Beijing time and say when the current year is missing too', () => {
    // 16:30 UTC on 12-31 is already the new year in Beijing
    expect(calendarOutlook(at('2026-12-31T16:30:00Z'), [2026])).toMatchObject({ nextYear: 2028, missingNextYear: false, missingThisYear: true, warnFrom: '2027-11-02' });
  });
});
