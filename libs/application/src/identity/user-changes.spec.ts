import { strictFake } from '../../../../test/support/strict-fake';
import type { InternalBus } from '../ports';
import { USER_CHANGED_CHANNEL, UserChanges } from './user-changes';

/** A bus that hands every notice to this process's subscribers at once, as the real one does for its own notices. */
function setup() {
  const handlers = new Map<string, Set<(body: unknown) => void>>();
  const bus = strictFake<InternalBus>('bus', {
    publish: (channel: string, body: unknown) => handlers.get(channel)?.forEach((h) => h(body)),
    subscribe: (channel: string, handler: (body: unknown) => void) => {
      const set = handlers.get(channel) ?? new Set();
      handlers.set(channel, set.add(handler));
      return () => void set.delete(handler);
    },
  });
  const changes = new UserChanges(bus);
  const seen: string[] = [];
  let completed = false;
  changes.revoked$.subscribe({ next: (id) => seen.push(id), complete: () => (completed = true) });
  return { bus, changes, seen, isCompleted: () => completed, handlers };
}

describe(UserChanges.name, () => {
  it("should tell this process's listeners of a revocation it announced, through the bus", () => {
    const { changes, seen } = setup();
    changes.announceRevoked('u1');
    expect(seen).toEqual(['u1']);
  });

  it('should drop notices on the channel that carry no user id, another type or an overlong one', () => {
    const { bus, seen } = setup();
    for (const body of [null, 'u1', {}, { userId: 7 }, { userId: 'x'.repeat(65) }]) bus.publish(USER_CHANGED_CHANNEL, body);
    bus.publish(USER_CHANGED_CHANNEL, { userId: 'x'.repeat(64) });
    expect(seen).toEqual(['x'.repeat(64)]);
  });

  it('should leave the bus and complete its stream when the module stops', () => {
    const { bus, changes, seen, isCompleted, handlers } = setup();
    changes.onModuleDestroy();
    bus.publish(USER_CHANGED_CHANNEL, { userId: 'u1' });
    expect([seen, isCompleted(), handlers.get(USER_CHANGED_CHANNEL)!.size]).toEqual([[], true, 0]);
  });
});
