import { StartUpWork } from './start-up-work';

/** Whether the promise has settled after the pending turns of the event loop. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await new Promise<void>((resolve) => setImmediate(resolve));
  return done;
}

describe(StartUpWork.name, () => {
  it('should be done at once in a process that holds nothing', async () => {
    expect(await settled(new StartUpWork().done())).toBe(true);
  });

  it('should be done only once every hold taken is released, in any order', async () => {
    const work = new StartUpWork();
    const releaseDemo = work.hold();
    const releasePlans = work.hold();
    const done = work.done();

    releasePlans();
    expect(await settled(done)).toBe(false);
    releaseDemo();
    expect(await settled(done)).toBe(true);
  });

  it('should make a later waiter wait for a hold taken after an earlier wait was done', async () => {
    const work = new StartUpWork();
    work.hold()();
    expect(await settled(work.done())).toBe(true);

    const release = work.hold();
    const later = work.done();
    expect(await settled(later)).toBe(false);
    release();
    expect(await settled(later)).toBe(true);
  });
});
