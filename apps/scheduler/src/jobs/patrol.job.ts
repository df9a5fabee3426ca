import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { PatrolGenerator, PatrolOverdueService } from '@vigil/application';

const EVERY_MS = 5 * 60_000;

/** Patrol generation and overdue checks; at start-up too, so a scheduler that was down catches up at once. */
@Injectable()
export class PatrolJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private startTimer: NodeJS.Timeout | null = null;
  private readonly logger = new Logger(PatrolJob.name);
  private running: Promise<void> | null = null;

  constructor(private readonly generator: PatrolGenerator, private readonly overdue: PatrolOverdueService) {}

  onApplicationBootstrap(): void {
    // after the console's start-up work (demo estate, templates) in an all-in-one process
    this.startTimer = setTimeout(() => void this.run(), 2000).unref();
  }

  onApplicationShutdown(): void {
    if (this.startTimer) clearTimeout(this.startTimer);
  }

  @Interval('patrols', EVERY_MS)
  tick(): Promise<void> {
    return this.run();
  }

  /** Runs once at a time per process; answers when done. */
  run(): Promise<void> {
    this.running ??= (async () => {
      try {
        await this.generator.seed();
        await this.generator.generate();
        await this.overdue.notify();
      } catch (err) {
        this.logger.error(`patrol job: ${(err as Error).message}`);
      }
    })().finally(() => (this.running = null));
    return this.running;
  }
}
