import type { StoredDeviceEvent } from '@vigil/domain';
import { strictFake } from '../../../../test/support/strict-fake';
import type { ConsumerOffsets, DeviceEventLog, InternalBus } from '../ports';
import { fakeTime, type FakeClock } from '../testing';
import { DEVICE_EVENTS_CHANNEL, DeviceEventBus, type EventConsumer } from './device-event-bus';

const event = (id: number): StoredDeviceEvent => ({ id, deviceId: 'CAM-1', type: 'offline', at: new Date('2026-12-02T08:00:00Z'), detail: {} }) as unknown as StoredDeviceEvent;

describe(DeviceEventBus.name, () => {
  let clock: FakeClock;
  let log: StoredDeviceEvent[];
  let offset: number;
  let listeners: Map<string, Set<(body: unknown) => void>>;
  let bus: DeviceEventBus;
  let handled: number[];
  let failNext: boolean;
  let consumer: EventConsumer;

  beforeEach(() => {
    const time = fakeTime('2026-12-02T08:00:00Z');
    clock = time.clock;
    log = [];
    offset = 0;
    handled = [];
    failNext = false;
    listeners = new Map();
    const offsets = strictFake<ConsumerOffsets>('offsets', {
      advance: async (_group: string, work: (afterId: number) => Promise<number>) => void (offset = await work(offset)),
    });
    const events = strictFake<DeviceEventLog>('log', { readAfter: async (afterId: number, limit: number) => log.filter((e) => e.id > afterId).slice(0, limit) });
    const internal = strictFake<InternalBus>('bus', {
      subscribe: (channel: string, handler: (body: unknown) => void) => {
        const set = listeners.get(channel) ?? new Set();
        listeners.set(channel, set.add(handler));
        return () => set.delete(handler);
      },
      publish: (channel: string, body: unknown) => listeners.get(channel)?.forEach((h) => h(body)),
    });
    bus = new DeviceEventBus(offsets, events, internal, time.scheduler);
    consumer = bus.consume(
      'faults',
      async (batch) => {
        if (failNext) {
          failNext = false;
          throw new Error('database busy');
        }
        handled.push(...batch.map((e) => e.id));
      },
      { batch: 2, pollMs: 1000 },
    );
  });

  afterEach(() => consumer.stop());

  it('should pick up events whose notice was lost at the next poll, not before', async () => {
    await clock.advance(0);
    log.push(event(1), event(2), event(3));

    await clock.advance(999);
    expect(handled).toEqual([]);
    await clock.advance(1);
    expect(handled).toEqual([1, 2, 3]);
    expect(offset).toBe(3);
  });

  it('should drain at once when a notice says new events are in the log', async () => {
    log.push(event(1));
    bus.announce();
    await clock.advance(0);
    expect(handled).toEqual([1]);
  });

  it('should keep the offset when the handler fails and handle the events again at the next poll', async () => {
    log.push(event(1));
    failNext = true;
    await clock.advance(1000);
    expect(handled).toEqual([]);
    expect(offset).toBe(0);

    await clock.advance(1000);
    expect(handled).toEqual([1]);
  });

  it('should stop polling and listening once stopped', async () => {
    expect(clock.pending).toEqual(['event-poll:faults']);
    consumer.stop();
    expect(clock.pending).toEqual([]);
    expect(listeners.get(DEVICE_EVENTS_CHANNEL)?.size).toBe(0);

    log.push(event(1));
    await clock.advance(60_000);
    expect(handled).toEqual([]);
  });
});
