import { ForbiddenException, Injectable, Logger, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessPolicy, AuthService } from '@vigil/application';
import type { Actor, Permission } from '@vigil/domain';
import { IS_PUBLIC } from '@vigil/observability';
import { PERMISSION_KEY } from './can.decorator';

/**
 * Every route needs a valid bearer token (401) and names the permission it exercises; a role without it
 * is refused here (403) by the same AccessPolicy the services ask, before any body is read. A route that
 * names no permission is refused for everyone: forgetting a rule closes the route, never opens it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly access: AccessPolicy,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const header: unknown = request.headers?.authorization;
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : null;
    if (!token) throw new UnauthorizedException('a bearer token is required');
    let actor: Actor;
    try {
      actor = await this.auth.verify(token);
    } catch (err) {
      throw new UnauthorizedException((err as Error).message);
    }
    request.actor = actor;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets);
    if (!permission) {
      this.logger.error(`${request.method} ${request.path} names no permission (@Can): refused`);
      throw new ForbiddenException('this route has no access rule');
    }
    try {
      await this.access.require(actor, permission);
    } catch (err) {
      throw new ForbiddenException((err as Error).message);
    }
    return true;
  }
}
