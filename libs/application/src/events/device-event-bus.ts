import { Injectable, Logger } from '@nestjs/common';
import type { StoredDeviceEvent } from '@vigil/domain';
import { ConsumerOffsets, DeviceEventLog, InternalBus, SchedulerPort } from '../ports';

export const DEVICE_EVENTS_CHANNEL = 'device-events';

export interface EventConsumer {
  /** Handles what is in the log now; resolves when the group has caught up. */
  drain(): Promise<void>;
  stop(): void;
}

/**
 * Delivers the device event log to consumer groups: every event once per group, in order. A group's
 * offset moves in the transaction of its handler, and one process of a group works at a time.
 */
@Injectable()
export class DeviceEventBus {
  private readonly logger = new Logger(DeviceEventBus.name);

  constructor(
    private readonly offsets: ConsumerOffsets,
    private readonly log: DeviceEventLog,
    private readonly bus: InternalBus,
    private readonly scheduler: SchedulerPort,
  ) {}

  /** Tells every process that new events are in the log. */
  announce(): void {
    this.bus.publish(DEVICE_EVENTS_CHANNEL, { at: Date.now() });
  }

  consume(group: string, handler: (events: StoredDeviceEvent[]) => Promise<void>, options: { batch?: number; pollMs?: number } = {}): EventConsumer {
    const batch = options.batch ?? 500;
    let running: Promise<void> | null = null;
    let again = false;
    let stopped = false;
    const once = async (): Promise<boolean> => {
      let got = 0;
      await this.offsets.advance(group, async (afterId) => {
        const events = await this.log.readAfter(afterId, batch);
        got = events.length;
        if (got === 0) return afterId;
        await handler(events);
        return events[events.length - 1].id;
      });
      return got === batch;
    };
    const drain = (): Promise<void> => {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        do {
          again = false;
          try {
            while (!stopped && (await once()));
          } catch (err) {
            this.logger.error(`consumer ${group}: ${(err as Error).message}`);
          }
        } while (again && !stopped);
      })().finally(() => (running = null));
      return running;
    };
    const unsubscribe = this.bus.subscribe(DEVICE_EVENTS_CHANNEL, () => void drain());
    // Polling covers notices lost while a broker was away.
    const cancelPoll = this.scheduler.every(options.pollMs ?? 1000, () => drain(), `event-poll:${group}`);
    void drain();
    return {
      drain,
      stop: () => {
        stopped = true;
        cancelPoll();
        unsubscribe();
      },
    };
  }
}
