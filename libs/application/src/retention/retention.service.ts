import { Inject, Injectable, Logger } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { DAY_MS } from '@vigil/domain';
import { ClockPort, DeviceEventLog, OnlineHistoryRepository } from '../ports';

/** Drops what is older than its configured retention; idempotent, so several schedulers may run it. */
@Injectable()
export class RetentionService {
  private readonly logger = new Logger(RetentionService.name);

  constructor(
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    private readonly clock: ClockPort,
    private readonly onlineHistory: OnlineHistoryRepository,
    private readonly deviceEvents: DeviceEventLog,
  ) {}

  /** Device history (status, condition, firmware changes) past the same horizon, once every consumer has it. */
  async purgeDeviceEvents(): Promise<number> {
    const cutoff = this.horizon();
    const removed = await this.deviceEvents.purgeHandledBefore(cutoff);
    if (removed > 0) this.logger.log(`purged ${removed} device events before ${cutoff.toISOString()}`);
    return removed;
  }

  /** The oldest instant the heartbeat history keeps: VIGIL_ONLINE_HISTORY_DAYS back from now. */
  private horizon(): Date {
    return new Date(this.clock.now().getTime() - this.config.onlineHistoryDays * DAY_MS);
  }

  /** Hourly online history older than VIGIL_ONLINE_HISTORY_DAYS; answers the rows removed. */
  async purgeOnlineHistory(): Promise<number> {
    const cutoff = this.horizon();
    const removed = await this.onlineHistory.purgeBefore(cutoff.toISOString().slice(0, 13));
    if (removed > 0) this.logger.log(`purged ${removed} hourly online records before ${cutoff.toISOString()}`);
    return removed;
  }
}
