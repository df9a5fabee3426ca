import { Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { RetentionService } from '@vigil/application';

/** Nightly, outside working hours, when the database is quiet. */
@Injectable()
export class RetentionJob {
  constructor(private readonly retention: RetentionService) {}

  @Cron('17 3 * * *', { name: 'retention', timeZone: 'Asia/Shanghai' })
  async purge(): Promise<void> {
    await this.retention.purgeOnlineHistory();
    await this.retention.purgeDeviceEvents();
  }
}
