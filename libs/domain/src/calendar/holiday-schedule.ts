/** One year of the State Council's holiday arrangement: days off and make-up working days (调休). */
export interface HolidaySchedule {
  year: number;
  daysOff: string[];
  makeUpWorkdays: string[];
  source?: string;
}

export interface ScheduleError {
  field: string;
  message: string;
}

function range(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

/** Shipped as data; an admin loads later years through the API as they are published each November. */
export const SHIPPED_HOLIDAY_SCHEDULES: readonly HolidaySchedule[] = [
  {
    year: 2025,
    daysOff: [
      '2025-01-01',
      ...range('2025-01-28', '2025-02-04'),
      ...range('2025-04-04', '2025-04-06'),
      ...range('2025-05-01', '2025-05-05'),
      ...range('2025-05-31', '2025-06-02'),
      ...range('2025-10-01', '2025-10-08'),
    ],
    makeUpWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
    source: '国办发明电〔2024〕12号',
  },
  {
    year: 2026,
    daysOff: [
      ...range('2026-01-01', '2026-01-03'),
      ...range('2026-02-15', '2026-02-23'),
      ...range('2026-04-04', '2026-04-06'),
      ...range('2026-05-01', '2026-05-05'),
      ...range('2026-06-19', '2026-06-21'),
      ...range('2026-09-25', '2026-09-27'),
      ...range('2026-10-01', '2026-10-07'),
    ],
    makeUpWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
    source: '国务院办公厅关于2026年部分节假日安排的通知',
  },
];

const isRealDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

/** Checks an admin-loaded schedule; every problem names its field. */
export function validateHolidaySchedule(s: HolidaySchedule): ScheduleError[] {
  const errors: ScheduleError[] = [];
  if (!Number.isInteger(s.year) || s.year < 2000 || s.year > 2100) errors.push({ field: 'year', message: 'must be a year from 2000 to 2100' });
  for (const key of ['daysOff', 'makeUpWorkdays'] as const) {
    s[key].forEach((day, i) => {
      if (!isRealDate(day)) errors.push({ field: `${key}[${i}]`, message: `${day} is not a date written YYYY-MM-DD` });
      else if (!day.startsWith(`${s.year}-`)) errors.push({ field: `${key}[${i}]`, message: `${day} is not in ${s.year}` });
    });
  }
  for (const key of ['daysOff', 'makeUpWorkdays'] as const) {
    const first = new Map<string, number>();
    s[key].forEach((day, i) => {
      const seen = first.get(day);
      if (seen !== undefined) errors.push({ field: `${key}[${i}]`, message: `${day} is already ${key}[${seen}]` });
      else first.set(day, i);
    });
  }
  const off = new Set(s.daysOff);
  s.makeUpWorkdays.forEach((day, i) => {
    if (off.has(day)) errors.push({ field: `makeUpWorkdays[${i}]`, message: `${day} is also a day off` });
  });
  return errors;
}
