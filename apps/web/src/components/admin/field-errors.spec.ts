import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '@web/api/http';
import { i18n, setLocale } from '@web/i18n';
import { fieldMessages, problemsOf, translateMessage } from './field-errors';

const t = (key: string, params?: Record<string, unknown>): string => i18n.global.t(key, params ?? {});

describe("the server's validation messages beside the fields", () => {
  beforeEach(() => setLocale('zh-CN'));

  it("should read a service's list of problems, each with its field path", () => {
    const err = new ApiError(400, 'slaPolicy.levels.1.Qingdao.respondMinutes: must be a positive whole number or null', 'slaPolicy.levels.1.Qingdao.respondMinutes', [
      { field: 'slaPolicy.levels.1.Qingdao.respondMinutes', message: 'must be a positive whole number or null' },
      { field: 'slaPolicy.timeZone', message: 'must be an IANA time zone such as Asia/Shanghai' },
    ]);
    expect(fieldMessages(err, t)).toEqual({
      'slaPolicy.levels.1.Qingdao.respondMinutes': '须为正整数，或留空表示无时限',
      'slaPolicy.timeZone': '须为时区名称，如 Asia/Shanghai',
    });
  });

  it("should split class-validator's messages by the field they start with, when the form has that field", () => {
    const err = new ApiError(400, 'startsOn must be YYYY-MM-DD; name must be longer than or equal to 1 characters; colour is odd');
    expect(problemsOf(err, ['startsOn', 'name'])).toEqual([
      { field: 'startsOn', message: 'must be YYYY-MM-DD' },
      { field: 'name', message: 'must be longer than or equal to 1 characters' },
      { field: '', message: 'colour is odd' },
    ]);
    setLocale('en');
    expect(fieldMessages(err, t, ['startsOn', 'name'])).toEqual({ startsOn: 'Must be a date YYYY-MM-DD', name: 'Required', '': 'colour is odd' });
  });

  it('should take the field of a single-field refusal and drop its prefix from the message', () => {
    expect(problemsOf(new ApiError(400, 'endsOn: must not be before startsOn', 'endsOn'))).toEqual([{ field: 'endsOn', message: 'must not be before startsOn' }]);
    expect(fieldMessages(new ApiError(400, 'workingHours: must be HH:MM-HH:MM with the start before the end', 'workingHours'), t).workingHours).toContain('HH:MM-HH:MM');
  });

  it('should put a 409 on a taken code beside the code field', () => {
    expect(fieldMessages(new ApiError(409, 'site code QD-R1 exists'), t, ['code'])).toEqual({ code: '编码 QD-R1 已被使用' });
  });

  it("should keep a CSV problem's line and put a field the form does not show above it", () => {
    const err = new ApiError(400, 'file: 1 problem(s) in the CSV; nothing was imported', 'file', [{ line: 3, field: 'siteCode', message: 'no site with code "NOPE"' }]);
    expect(problemsOf(err)).toEqual([{ line: 3, field: 'siteCode', message: 'no site with code "NOPE"' }]);
    expect(fieldMessages(err, t, [], () => false)).toEqual({ '': 'siteCode: 没有编码为“NOPE”的站点' });
  });

  it('should translate messages with their values, and keep one it does not know as the server wrote it', () => {
    expect(translateMessage('CAM-1 already appears on line 2', t)).toBe('CAM-1 已在第 2 行出现');
    expect(translateMessage('unknown device type "toaster"', t)).toBe('未知的设备类型“toaster”');
    expect(translateMessage('2027-13-01 is not a date written YYYY-MM-DD', t)).toBe('2027-13-01 不是 YYYY-MM-DD 格式的日期');
    expect(translateMessage('the moon is not a site', t)).toBe('the moon is not a site');
  });

  it('should name nothing for an error that is no answer of the server', () => {
    expect(problemsOf(new TypeError('Failed to fetch'))).toEqual([]);
  });
});
