import { z } from 'zod';

/** A problem with one field of an input, named by its path (`items[0].type`, `slaPolicy.levels.1.east`). */
export interface FieldError {
  field: string;
  message: string;
}

/** A zod path written as our messages name fields: keys joined by dots, list positions in brackets, under `root` when given. */
export function fieldPath(path: readonly PropertyKey[], root = ''): string {
  let out = root;
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? String(part) : `.${String(part)}`;
  return out;
}

/** The first issue of each field of a failed parse (a field breaking two checks is told once); an issue about the whole input is named `whole`. */
export function fieldErrors(error: z.ZodError, root = '', whole = root): FieldError[] {
  const byField = new Map<string, string>();
  for (const issue of error.issues) {
    const field = issue.path.length === 0 ? whole : fieldPath(issue.path, root);
    if (!byField.has(field)) byField.set(field, issue.message);
  }
  return [...byField].map(([field, message]) => ({ field, message }));
}

/**
 * The message of an issue: `is required` for a value left out, `rule` for one given wrong (zod's own wording never
 * reaches a caller). For a schema's `error` option.
 */
export const requiredOr =
  (rule: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? 'is required' : rule;

/** For a check across an object's fields that runs even when some field is wrong (zod's `when`). */
export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value that is never right, for keys not allowed (a `z.never()` catch-all would tell them all at once on the object). */
export const refused = (message: string) => z.unknown().refine(() => false, { error: message });

/** A part checked as a whole: any problem inside it is told once, on the part, with `message`. */
export const whole = (schema: z.ZodType, message: string) =>
  z.unknown().superRefine((value, ctx) => {
    if (!schema.safeParse(value).success) ctx.addIssue({ code: 'custom', message, input: value });
  });

/**
 * An object whose keys are all known in advance, each optional and checked by `value`; a key not among them is
 * told on its own path (`unknownKey`), a value that is no object at all with `notObject`.
 */
export const keyedBy = (keys: readonly string[], value: z.ZodType, notObject: string, unknownKey: string) =>
  z.object(Object.fromEntries(keys.map((k) => [k, value.optional()])), { error: notObject }).catchall(refused(unknownKey));
