import { fakeTime, FakeClock } from './fake-time';

describe(FakeClock.name, () => {
  it('should run due timers in order of due time, at their due time, and none that is not due', async () => {
    const { clock, scheduler } = fakeTime('2026-12-02T08:00:00Z');
    const ran: string[] = [];
    const at = (name: string) => () => void ran.push(`${name}@${clock.now().toISOString().slice(11, 23)}`);
    scheduler.every(1000, at('tick'), 'tick');
    scheduler.after(1500, at('once'), 'once');
    scheduler.after(5000, at('later'), 'later');

    await clock.advance(3000);

    expect(ran).toEqual(['tick@08:00:01.000', 'once@08:00:01.500', 'tick@08:00:02.000', 'tick@08:00:03.000']);
    expect(clock.now().toISOString()).toBe('2026-12-02T08:00:03.000Z');
    expect(clock.pending.sort()).toEqual(['later', 'tick']);
  });

  it("should let a timer's work finish before the next timer runs, and run nothing cancelled", async () => {
    const { clock, scheduler } = fakeTime();
    const ran: string[] = [];
    scheduler.every(
      100,
      async () => {
        await Promise.resolve();
        ran.push('slow done');
      },
      'slow',
    );
    const cancel = scheduler.every(100, () => void ran.push('fast'), 'fast');

    await clock.advance(100);
    cancel();
    await clock.advance(100);

    expect(ran).toEqual(['slow done', 'fast', 'slow done']);
  });
});
