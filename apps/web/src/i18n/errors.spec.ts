import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '@web/api/http';
import { errorText } from './errors';
import { setLocale } from './index';

describe("the server's errors in the reader's language", () => {
  beforeEach(() => setLocale('zh-CN'));

  it('should name a refused action in Chinese, whatever the server said in English', () => {
    expect(errorText(new ApiError(403, 'not in your scope'))).toBe('无权执行此操作（超出您的角色或负责范围）');
  });

  it("should keep the field and the server's words as the detail of an input error", () => {
    expect(errorText(new ApiError(400, 'must be positive', 'respondMin'))).toBe('输入有误：respondMin: must be positive');
  });

  it('should give the wait in minutes for too many attempts, and say when the network is gone', () => {
    setLocale('en');
    expect(errorText(new ApiError(429, 'slow down', undefined, undefined, 600))).toBe('Too many failed sign-ins; try again in 10 min');
    expect(errorText(new TypeError('Failed to fetch'))).toBe('No network');
    expect(errorText(new ApiError(418, 'teapot'))).toBe('Something went wrong (418)');
  });
});
