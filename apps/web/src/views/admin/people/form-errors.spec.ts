import { describe, expect, it } from 'vitest';
import { ApiError } from '@web/api/http';
import { fieldMessages, messageFor, passwordRule } from './form-errors';

describe('fieldMessages', () => {
  it("should take a service's refusal at its field, without repeating the field's name", () => {
    const err = new ApiError(400, 'password: is one of the most common passwords; choose another', 'password');
    expect(fieldMessages(err, ['password'])).toEqual([{ field: 'password', message: 'is one of the most common passwords; choose another' }]);
  });

  it('should split the DTO checks by the field each message starts with, sub-fields included', () => {
    const err = new ApiError(400, 'password must be longer than or equal to 10 characters; webhooks.0.url must be a URL address; something else is wrong');
    const messages = fieldMessages(err, ['password', 'webhooks', 'members']);
    expect(messages).toEqual([
      { field: 'password', message: 'must be longer than or equal to 10 characters' },
      { field: 'webhooks.0.url', message: 'must be a URL address' },
    ]);
    expect(messageFor(messages, 'webhooks')).toBe('must be a URL address');
    expect(messageFor(messages, 'members')).toBeUndefined();
  });

  it("should take every problem of a checklist's list, and nothing from answers other than 400", () => {
    const err = new ApiError(400, 'items[1].key: a appears twice', 'items[1].key', [
      { field: 'items[1].key', message: 'a appears twice' },
      { field: 'items[2].max', message: 'must not be below min' },
    ]);
    expect(fieldMessages(err, []).map((m) => m.field)).toEqual(['items[1].key', 'items[2].max']);
    expect(messageFor(fieldMessages(err, []), 'items')).toBe('a appears twice');
    expect(fieldMessages(new ApiError(409, 'username x is taken'), ['username'])).toEqual([]);
    expect(fieldMessages(new Error('boom'), ['username'])).toEqual([]);
  });
});

describe('passwordRule', () => {
  it("should recognise the server's password rules, in the service's and the DTO's words", () => {
    expect(passwordRule('must be at least 10 characters')).toEqual({ key: 'people.users.passwordTooShort', params: { n: 10 } });
    expect(passwordRule('must be longer than or equal to 12 characters')).toEqual({ key: 'people.users.passwordTooShort', params: { n: 12 } });
    expect(passwordRule('is one of the most common passwords; choose another')?.key).toBe('people.users.passwordCommon');
    expect(passwordRule('must be a string')).toBeNull();
  });
});
