import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditService, AuthService, TransactionRunner } from '@vigil/application';
import type { Actor, Role } from '@vigil/domain';
import { IS_PUBLIC } from '@vigil/observability';
import { ROLES_KEY } from './roles.decorator';

/** Every route needs a valid bearer token (401) and, where it names roles, one of them (403). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
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
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(actor.role as Role)) {
      await this.tx.run(() => this.audit.record(actor, 'access-denied', 'route', null, null, { method: request.method, path: request.path }));
      throw new ForbiddenException(`role ${actor.role} may not do this`);
    }
    return true;
  }
}
