import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';
import { InternalBus } from '../ports';

export const USER_CHANGED_CHANNEL = 'user-changed';

/**
 * "This user's tokens were revoked", told to every process (its own included, by the bus), so each
 * closes that user's open dashboard sockets at once. The notice carries only the id: receivers check
 * the user again in the database, so a forged or stale notice can only cause a reconnect.
 */
@Injectable()
export class UserChanges implements OnModuleDestroy {
  private readonly revoked = new Subject<string>();
  private readonly unsubscribe: () => void;

  constructor(private readonly bus: InternalBus) {
    this.unsubscribe = bus.subscribe(USER_CHANGED_CHANNEL, (body) => {
      // checked again here: the bus validates other processes' notices, but not this process's own
      const userId = (body as { userId?: unknown } | null)?.userId;
      if (typeof userId === 'string' && userId.length <= 64) this.revoked.next(userId);
    });
  }

  announceRevoked(userId: string): void {
    this.bus.publish(USER_CHANGED_CHANNEL, { userId });
  }

  get revoked$(): Observable<string> {
    return this.revoked.asObservable();
  }

  onModuleDestroy(): void {
    this.unsubscribe();
    this.revoked.complete();
  }
}
