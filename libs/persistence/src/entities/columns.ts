import type { ValueTransformer } from 'typeorm';

/**
 * Instants are stored as fixed-width ISO-8601 UTC text on every database, so SQLite and
 * PostgreSQL sort and compare them the same way and no driver shifts time zones.
 */
export const instant: ValueTransformer = {
  to: (value: Date | null | undefined) => (value == null ? value : value.toISOString()),
  from: (value: string | null) => (value == null ? null : new Date(value)),
};

export const INSTANT_LENGTH = 24;

/** bigint columns: PostgreSQL hands them back as text; the values Vigil keeps stay below 2^53. */
export const wholeNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value == null ? null : Number(value)),
};
