import { PatrolPlanChanges, StartUpWork, type InternalBus, type PatrolGenerator, type PatrolOverdueService } from '@vigil/application';
import { strictFake } from '../../../../test/support/strict-fake';
import { PatrolJob } from './patrol.job';

/** An in-memory bus: what is published reaches this process's subscribers at once, as the real one does. */
function memoryBus(): InternalBus {
  const handlers = new Map<string, Set<(body: unknown) => void>>();
  return {
    publish: (channel: string, body: unknown) => handlers.get(channel)?.forEach((h) => h(body)),
    subscribe: (channel: string, handler: (body: unknown) => void) => {
      const set = handlers.get(channel) ?? new Set();
      set.add(handler);
      handlers.set(channel, set);
      return () => set.delete(handler);
    },
  };
}

function makeJob() {
  const log: string[] = [];
  let releaseRun: (() => void) | null = null;
  let holdRuns = false;
  const generator = strictFake<PatrolGenerator>('generator', {
    seed: async () => {
      log.push('seed');
      // a run can be held open, to see what arrives while it runs
      if (holdRuns) await new Promise<void>((resolve) => (releaseRun = resolve));
    },
    generate: async () => {
      log.push('generate');
      return 0;
    },
  });
  const overdue = strictFake<PatrolOverdueService>('overdue', { notify: async () => 0 });
  const startUp = new StartUpWork();
  const plans = new PatrolPlanChanges(memoryBus());
  const job = new PatrolJob(generator, overdue, startUp, plans);
  return {
    job,
    log,
    startUp,
    plans,
    hold: () => (holdRuns = true),
    finishRun: () => {
      holdRuns = false;
      releaseRun?.();
    },
  };
}

describe(PatrolJob.name, () => {
  it('should make its start-up run once the start-up work of its process is done, not after a delay', async () => {
    const { job, log, startUp } = makeJob();
    const release = startUp.hold(); // the console, loading the demo estate
    job.onApplicationBootstrap();
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual([]);
    release();
    await job.idle();
    expect(log).toEqual(['seed', 'generate']);
  });

  it('should run at once in a process with no start-up work to wait for (a scheduler of its own)', async () => {
    const { job, log } = makeJob();
    job.onApplicationBootstrap();
    await job.idle();
    expect(log).toEqual(['seed', 'generate']);
  });

  it('should run once more after the run in progress when plans are seeded, however many notices arrive', async () => {
    const { job, log, plans, hold, finishRun } = makeJob();
    hold();
    job.onApplicationBootstrap();
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['seed']); // the start-up run, still going
    plans.announce(['demo-monthly']);
    plans.announce(['demo-weekly-power-on']);
    finishRun();
    await job.idle();
    expect(log).toEqual(['seed', 'generate', 'seed', 'generate']);
  });

  it('should start no run once shutting down', async () => {
    const { job, log, plans } = makeJob();
    job.onApplicationBootstrap();
    await job.idle();
    await job.beforeApplicationShutdown();
    plans.announce(['demo-monthly']);
    await job.tick();
    expect(log).toEqual(['seed', 'generate']);
  });
});
