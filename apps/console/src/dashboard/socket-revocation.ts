import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import type { Namespace, Socket } from 'socket.io';
import { AuthService, SchedulerPort, UnauthorizedError, UserChanges, type Cancel } from '@vigil/application';
import type { Actor } from '@vigil/domain';

const RECHECK_ALL_MS = 60_000;

/**
 * Closes dashboard sockets whose token no longer holds: a user's at once when their tokens are revoked
 * (a notice from any process), and every socket's once a minute (a lost notice, an expired token). The
 * page reconnects with its token, is refused, and asks the user to sign in again.
 */
@Injectable()
export class SocketRevocation implements OnModuleDestroy {
  private subscription: Subscription | null = null;
  private cancel: Cancel | null = null;

  constructor(
    private readonly auth: AuthService,
    private readonly users: UserChanges,
    private readonly scheduler: SchedulerPort,
  ) {}

  watch(server: Namespace): void {
    this.subscription = this.users.revoked$.subscribe((userId) => void this.recheck(server, (s) => (s.data as { actor?: Actor }).actor?.userId === userId));
    this.cancel = this.scheduler.every(RECHECK_ALL_MS, () => this.recheck(server, () => true), 'socket-recheck');
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    this.cancel?.();
  }

  private async recheck(server: Namespace, which: (socket: Socket) => boolean): Promise<void> {
    for (const socket of [...server.sockets.values()].filter(which)) {
      const token: unknown = (socket.handshake.auth as { token?: unknown })?.token;
      // Only a refused token closes the socket; a database hiccup does not sign everyone out.
      const refused =
        typeof token !== 'string' ||
        (await this.auth.verify(token).then(
          () => false,
          (err: unknown) => err instanceof UnauthorizedError,
        ));
      if (refused) socket.disconnect(true);
    }
  }
}
