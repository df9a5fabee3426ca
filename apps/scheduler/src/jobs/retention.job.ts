import { Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { AuditTrailService, RetentionService } from '@vigil/application';

/** Nightly, outside working hours, when the database is quiet. */
@Injectable()
export class RetentionJob {
  constructor(private readonly retention: RetentionService, private readonly trail: AuditTrailService) {}

  @Cron('17 3 * * *', { name: 'retention', timeZone: 'Asia/Shanghai' })
  async purge(): Promise<void> {
    await this.retention.purgeOnlineHistory();
    await this.retention.purgeDeviceEvents();
    await this.trail.purge();
  }
}
