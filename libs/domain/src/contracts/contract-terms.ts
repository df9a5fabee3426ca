import type { z } from 'zod';
import { fieldErrors, type FieldError } from '../shared/field-errors';

export type TermsCheck<T> = { ok: true; value: Partial<T> } | { ok: false; errors: FieldError[] };

/** One set of a contract's terms kept beside it (callback settings, parts terms): its audit name, its check and its defaults. */
export interface ContractTerms<T> {
  /** The audited entity name (`callback-settings`). */
  kind: string;
  defaults: T;
  /** Checks the terms as given (every key optional); the problems name their field under `settings`. */
  validate(raw: unknown): TermsCheck<T>;
  /** The terms in force: the contract's own over the defaults. */
  resolve(own: Partial<T> | null | undefined): T;
}

/** Terms of one kind from a strict zod schema of optional keys and their defaults. */
export function contractTerms<T extends object>(kind: string, schema: z.ZodType, defaults: T): ContractTerms<T> {
  return {
    kind,
    defaults,
    validate(raw) {
      const parsed = schema.safeParse(raw);
      if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error, 'settings') };
      return { ok: true, value: parsed.data as Partial<T> };
    },
    resolve: (own) => ({ ...defaults, ...(own ?? {}) }),
  };
}
