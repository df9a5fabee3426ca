import { createHash } from 'node:crypto';
import { applyDecorators, Injectable, Logger, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { ApiHeader } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { IdempotencyService } from '@vigil/application';
import type { Actor } from '@vigil/domain';

const IDEMPOTENT_KEY = 'vigil:idempotent';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/**
 * A field route that creates a record takes an Idempotency-Key: the field app's retry of a request whose
 * answer it never got receives that answer instead of creating the record twice.
 */
export const Idempotent = () =>
  applyDecorators(
    SetMetadata(IDEMPOTENT_KEY, true),
    ApiHeader({
      name: IDEMPOTENCY_HEADER,
      required: false,
      schema: { type: 'string', maxLength: 255 },
      description:
        'A key the client makes once per action (a UUID). Sent again by the same user to the same route within 24 h with the same body, ' +
        'the first answer (status and body) comes back and nothing is done twice; with a different body: 422; while the first is still running: 409.',
    }),
  );

/** Keys sorted, so a retry that orders its fields differently is still the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

function fingerprintOf(req: Request): string {
  const hash = createHash('sha256').update(`${req.method} ${req.originalUrl}\n`);
  hash.update(Buffer.isBuffer(req.body) ? req.body : canonical(req.body));
  return hash.digest('hex');
}

/** Runs on the routes marked @Idempotent() that were sent an Idempotency-Key; every other request passes untouched. */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger(IdempotencyInterceptor.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly idempotency: IdempotencyService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const key = req.header(IDEMPOTENCY_HEADER);
    if (key === undefined || !req.actor || !this.reflector.get<boolean>(IDEMPOTENT_KEY, context.getHandler())) return next.handle();
    const route = `${req.method} ${req.path}`;
    const status = this.reflector.get<number>(HTTP_CODE_METADATA, context.getHandler()) ?? (req.method === 'POST' ? 201 : 200);
    return from(
      (async () => {
        const started = await this.idempotency.start({ userId: req.actor!.userId ?? req.actor!.username, route, key, fingerprint: fingerprintOf(req) });
        if ('replay' in started) {
          context.switchToHttp().getResponse<Response>().setHeader('Idempotent-Replayed', 'true');
          return started.replay.body;
        }
        let body: unknown;
        try {
          body = await lastValueFrom(next.handle(), { defaultValue: undefined });
        } catch (err) {
          // the request's own error is the answer; a key left held is freed when it goes stale
          await this.idempotency.abandon(started.token).catch(() => undefined);
          throw err;
        }
        // the record is made: a failure to keep its answer must not turn its success into an error
        await this.idempotency.finish(started.token, status, body).catch((err: unknown) => this.logger.warn(`Idempotency-Key answer not kept for ${route}: ${String(err)}`));
        return body;
      })(),
    );
  }
}
