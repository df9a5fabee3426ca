import { Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { AuditChainService, RetentionService } from '@vigil/application';

/** Nightly, outside working hours, when the database is quiet. */
@Injectable()
export class RetentionJob {
  private readonly logger = new Logger(RetentionJob.name);

  constructor(
    private readonly retention: RetentionService,
    private readonly chain: AuditChainService,
  ) {}

  @Cron('17 3 * * *', { name: 'retention', timeZone: 'Asia/Shanghai' })
  async purge(): Promise<void> {
    await this.retention.purgeOnlineHistory();
    await this.retention.purgeDeviceEvents();
    try {
      await this.chain.purge();
    } catch (err) {
      // locked down (deploy/postgres/lock-audit.sql): only the owner role may purge
      this.logger.warn(`audit retention purge: ${(err as Error).message}; run npm run audit:purge with the audit owner's DATABASE_URL`);
    }
  }
}
