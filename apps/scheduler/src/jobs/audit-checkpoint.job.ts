import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { AuditChainService } from '@vigil/application';

/** Signs the audit chain's head every 5 minutes when it grew (and at start-up), so verify can prove all but the newest few minutes even without the head row. */
@Injectable()
export class AuditCheckpointJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private startTimer: NodeJS.Timeout | null = null;
  private readonly logger = new Logger(AuditCheckpointJob.name);

  constructor(private readonly chain: AuditChainService) {}

  onApplicationBootstrap(): void {
    this.startTimer = setTimeout(() => void this.sign(), 5000).unref();
  }

  onApplicationShutdown(): void {
    if (this.startTimer) clearTimeout(this.startTimer);
  }

  @Cron('*/5 * * * *', { name: 'audit-checkpoint' })
  async sign(): Promise<void> {
    try {
      await this.chain.checkpoint();
    } catch (err) {
      this.logger.error(`audit checkpoint: ${(err as Error).message}`);
    }
  }
}
