import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { LinkVisit } from '@vigil/application';

/** Where a customer opened or used a link from: the client address (as "trust proxy" names it) and the user agent. */
export const Visit = createParamDecorator((_: unknown, ctx: ExecutionContext): Omit<LinkVisit, 'at'> => {
  const req = ctx.switchToHttp().getRequest<Request>();
  const agent = req.headers['user-agent'];
  return { ip: req.ip ?? null, userAgent: typeof agent === 'string' ? agent : null };
});
