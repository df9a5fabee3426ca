import { Subject, type Observable } from 'rxjs';
import type { InternalBus } from '../ports';

/**
 * One kind of event for every process of the install: published through the InternalBus, which hands it
 * to this process's listeners at once (broker up or down) and to the other processes over the broker, and
 * drops its own echo. So each listener, here or elsewhere, gets each event exactly once.
 */
export class SharedFeed<T> {
  private readonly events = new Subject<T>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly bus: InternalBus,
    private readonly channel: string,
  ) {
    // another process's event was checked against the channel's schema by the bus
    this.unsubscribe = bus.subscribe(channel, (body) => this.events.next(body as T));
  }

  publish(event: T): void {
    this.bus.publish(this.channel, event);
  }

  get events$(): Observable<T> {
    return this.events.asObservable();
  }

  close(): void {
    this.unsubscribe();
  }
}
