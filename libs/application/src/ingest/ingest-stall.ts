import { Inject, Injectable } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { ClockPort, IngestSnapshotRepository } from '../ports';

/**
 * Whether ingest has stalled, as a console or scheduler sees it from the database: no ingest process has handled a
 * valid device message for VIGIL_INGEST_STALL_SEC while devices are expected to report. An empty estate, or one whose
 * devices have never reported, is not a stall. Each ingest process notes when its count of handled messages last grew
 * in its snapshot (every VIGIL_INGEST_SNAPSHOT_SEC), so the answer is that coarse.
 */
@Injectable()
export class IngestStall {
  constructor(
    private readonly snapshots: IngestSnapshotRepository,
    private readonly clock: ClockPort,
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
  ) {}

  get enabled(): boolean {
    return this.config.ingest.stallSec > 0;
  }

  /** Null when ingest is fine (or the check is off); otherwise what is wrong, for /health. */
  async problem(): Promise<string | null> {
    if (!this.enabled) return null;
    const windowMs = this.config.ingest.stallSec * 1000;
    const since = new Date(this.clock.now().getTime() - windowMs);
    // a process that wrote nothing within the window has stopped: what it handled before says nothing about now
    const { processes, lastProcessedAt } = await this.snapshots.processingSince(since);
    if (lastProcessedAt && lastProcessedAt >= since) return null;
    if (!(await this.snapshots.devicesExpectedToReport())) return null;
    return processes === 0
      ? `no ingest process has reported for ${this.config.ingest.stallSec} s while devices are expected to report`
      : `no ingest process has handled a device message for ${this.config.ingest.stallSec} s while devices are expected to report`;
  }
}
