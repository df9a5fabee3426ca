import { ApiError } from '@web/api/http';

/** A message from the server about one field of a form; the form shows it under that field. */
export interface FieldMessage {
  field: string;
  message: string;
}

/**
 * The fields a refused request names, with the server's words for each: a service's 400 names its field
 * (`field`, and every problem in `errors` for checklists), the DTO checks write the field first in each
 * message ("password must be longer than…", "webhooks.0.url must be a URL address").
 */
export function fieldMessages(err: unknown, known: readonly string[]): FieldMessage[] {
  if (!(err instanceof ApiError) || err.status !== 400) return [];
  if (Array.isArray(err.errors)) {
    return (err.errors as { field?: unknown; message?: unknown }[])
      .filter((e) => typeof e.field === 'string' && typeof e.message === 'string')
      .map((e) => ({ field: e.field as string, message: e.message as string }));
  }
  if (err.field) return [{ field: err.field, message: err.serverMessage.replace(new RegExp(`^${escape(err.field)}: `), '') }];
  return err.serverMessage
    .split('; ')
    .map((text) => {
      const [path, ...rest] = text.split(' ');
      return known.some((f) => path === f || path.startsWith(`${f}.`)) ? { field: path, message: rest.join(' ') } : null;
    })
    .filter((m): m is FieldMessage => m !== null);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The first message for a field (and its sub-fields: `webhooks` takes `webhooks.0.url`). */
export function messageFor(messages: readonly FieldMessage[], field: string): string | undefined {
  return messages.find((m) => m.field === field || m.field.startsWith(`${field}.`) || m.field.startsWith(`${field}[`))?.message;
}

/**
 * The password rules are the server's (length, the list of common passwords): its refusal is told in the
 * reader's language when it is one of those, in the server's own words otherwise.
 */
export function passwordRule(message: string): { key: string; params: Record<string, number> } | null {
  const length = /at least (\d+) characters|longer than or equal to (\d+) characters/.exec(message);
  if (length) return { key: 'people.users.passwordTooShort', params: { n: Number(length[1] ?? length[2]) } };
  if (/common passwords/.test(message)) return { key: 'people.users.passwordCommon', params: {} };
  if (/shorter than or equal to (\d+) characters/.test(message)) return { key: 'people.users.passwordTooLong', params: {} };
  return null;
}
