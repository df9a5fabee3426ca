import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { AuditChainService, StartUpWork } from '@vigil/application';

/**
 * Signs the audit chain's head every 5 minutes when it grew, and at start-up once this process's start-up
 * work (admin, demo estate) has written its entries, so verify can prove all but the newest few minutes even
 * without the head row.
 */
@Injectable()
export class AuditCheckpointJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AuditCheckpointJob.name);
  private stopped = false;
  private signing: Promise<void> | null = null;

  constructor(
    private readonly chain: AuditChainService,
    private readonly startUp: StartUpWork,
  ) {}

  onApplicationBootstrap(): void {
    // not awaited: the console's start-up hook, which this waits for, may run after this one
    void this.startUp.done().then(() => this.sign());
  }

  /** Before the database closes: no new signature, and the one under way finishes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.signing;
  }

  @Cron('*/5 * * * *', { name: 'audit-checkpoint' })
  sign(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.signing ??= this.chain
      .checkpoint()
      .then(
        () => undefined,
        (err: Error) => this.logger.error(`audit checkpoint: ${err.message}`),
      )
      .finally(() => (this.signing = null));
    return this.signing;
  }
}
