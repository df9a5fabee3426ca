import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '@vigil/domain';

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => ctx.switchToHttp().getRequest().actor);
