import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { PatrolGenerator, PatrolOverdueService, PatrolPlanChanges, StartUpWork } from '@vigil/application';

const EVERY_MS = 5 * 60_000;

/**
 * Patrol generation and overdue checks: at start-up, once this process's start-up work is done (the demo
 * estate and its plans, in an all-in-one process), so a scheduler that was down catches up at once; when
 * plans are added (here or in another process); and every 5 minutes.
 */
@Injectable()
export class PatrolJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PatrolJob.name);
  private chain: Promise<void> = Promise.resolve();
  private queued = false;
  private stopped = false;
  private current: Promise<void> | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly generator: PatrolGenerator,
    private readonly overdue: PatrolOverdueService,
    private readonly startUp: StartUpWork,
    private readonly planChanges: PatrolPlanChanges,
  ) {}

  onApplicationBootstrap(): void {
    // not awaited: the console's start-up hook, which this waits for, may run after this one
    this.chain = this.startUp.done();
    void this.request();
    this.unsubscribe = this.planChanges.onAdded(() => void this.request());
  }

  /** Before the database closes: no new run, and the one under way finishes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    await this.current;
  }

  @Interval('patrols', EVERY_MS)
  tick(): Promise<void> {
    return this.request();
  }

  /**
   * One run after the run in progress (if any); requests made while one is waiting share it, so a plan
   * added during a run is never missed and runs never pile up. Answers when that run is done.
   */
  request(): Promise<void> {
    if (this.queued) return this.chain;
    this.queued = true;
    this.chain = this.chain.then(() => {
      this.queued = false;
      return this.runOnce();
    });
    return this.chain;
  }

  /** Resolves when every run requested so far is done (the start-up run included). */
  idle(): Promise<void> {
    return this.chain;
  }

  private runOnce(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.current = (async () => {
      try {
        await this.generator.seed();
        await this.generator.generate();
        await this.overdue.notify();
      } catch (err) {
        this.logger.error(`patrol job: ${(err as Error).message}`);
      }
    })().finally(() => (this.current = null));
    return this.current;
  }
}
