import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import {
  ConflictError,
  ForbiddenError,
  GoneError,
  IdempotencyKeyReusedError,
  InputError,
  NotFoundError,
  TooManyAttemptsError,
  UnauthorizedError,
  UnavailableError,
} from '@vigil/application';
import { FaultTransitionError, MissingHolidayCalendarError, SlaInputError } from '@vigil/domain';

const STATUS = new Map<abstract new (...args: never[]) => Error, number>([
  [NotFoundError, HttpStatus.NOT_FOUND],
  [GoneError, HttpStatus.GONE],
  [ConflictError, HttpStatus.CONFLICT],
  [InputError, HttpStatus.BAD_REQUEST],
  [ForbiddenError, HttpStatus.FORBIDDEN],
  [UnauthorizedError, HttpStatus.UNAUTHORIZED],
  [TooManyAttemptsError, HttpStatus.TOO_MANY_REQUESTS],
  [UnavailableError, HttpStatus.SERVICE_UNAVAILABLE],
  [SlaInputError, HttpStatus.BAD_REQUEST],
  [MissingHolidayCalendarError, HttpStatus.UNPROCESSABLE_ENTITY],
  [FaultTransitionError, HttpStatus.CONFLICT],
  [IdempotencyKeyReusedError, HttpStatus.UNPROCESSABLE_ENTITY],
]);

/**
 * Maps the services' errors to HTTP answers; anything unexpected is logged and answered 500 without details.
 * Always JSON, also on routes that answer CSV when they succeed.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse();
    if (error instanceof HttpException) {
      response.status(error.getStatus()).type('application/json').json(error.getResponse());
      return;
    }
    const status = error instanceof Error ? [...STATUS].find(([type]) => error instanceof type)?.[1] : undefined;
    if (status !== undefined) {
      const body: Record<string, unknown> = { statusCode: status, message: (error as Error).message };
      if (error instanceof InputError) Object.assign(body, { field: error.field }, error.details === undefined ? {} : { errors: error.details });
      if (error instanceof SlaInputError) body.field = error.field;
      if ((error instanceof NotFoundError || error instanceof GoneError || error instanceof ConflictError) && error.code) body.code = error.code;
      if (error instanceof TooManyAttemptsError) response.setHeader('Retry-After', String(error.retryAfterSec));
      response.status(status).type('application/json').json(body);
      return;
    }
    this.logger.error(error instanceof Error ? error.stack : String(error));
    response.status(HttpStatus.INTERNAL_SERVER_ERROR).type('application/json').json({ statusCode: 500, message: 'internal error' });
  }
}
