import type { FieldError } from '@vigil/domain';

/** Errors services throw; the HTTP edge maps each to one status code. */
export class NotFoundError extends Error {
  constructor(
    readonly entity: string,
    readonly id: string,
    /** A machine-readable reason for a client that tells cases apart (e.g. `link-unknown`). */
    readonly code?: string,
  ) {
    super(`${entity} ${id} not found`);
  }
}

/** Something that existed and is no longer usable (a one-time link used, expired or revoked): 410 with its code. */
export class GoneError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class ConflictError extends Error {
  constructor(
    message?: string,
    /** A machine-readable reason for a client that tells conflicts apart (e.g. `contract-forbids-part-pause`). */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Input that passed the DTO's shape but breaks a rule; names the field. */
export class InputError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(`${field}: ${message}`);
  }

  /** Problems found by a schema (at least one; see fieldErrors in the domain): the first one told, every one in the details. */
  static ofFields(errors: readonly FieldError[]): InputError {
    return new InputError(errors[0].field, errors[0].message, errors);
  }
}

export class ForbiddenError extends Error {}

export class UnauthorizedError extends Error {}

/** A part the platform depends on (the broker) did not answer; nothing was changed, the call may be repeated. */
export class UnavailableError extends Error {}

/** Too many failed attempts: try again after `retryAfterSec` seconds. */
export class TooManyAttemptsError extends Error {
  constructor(
    readonly retryAfterSec: number,
    message: string,
  ) {
    super(message);
  }
}

/** An Idempotency-Key sent again with a different request: the client has a bug, the first answer stands (422). */
export class IdempotencyKeyReusedError extends Error {}
