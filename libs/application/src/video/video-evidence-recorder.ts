import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { foldVideoObservation, mergeVideoDayRows, type RecorderChannel, type VideoDayRow, type VqdCheck } from '@vigil/domain';
import { SchedulerPort, SiteVideoProfiles, VideoEvidenceRepository, type Cancel } from '../ports';

/** What ingest saw of a device's video at one instant: a heartbeat's channels (a camera's own stream is ch 0), or a VQD result. */
export interface VideoObservation {
  deviceId: string;
  siteId: string;
  /** When the platform received it. */
  at: Date;
  channels?: RecorderChannel[];
  vqd?: { ch: number | null; failed: VqdCheck[]; passed: VqdCheck[] };
}

const FLUSH_MS = 5000;

/**
 * Folds video observations into day rows per channel in memory, on the ingest hot path (no I/O there), and
 * writes the rows that changed every few seconds and on shutdown. A failed write keeps its rows for the next
 * round, merged with what came meanwhile; the store merges again, so several ingest processes never lower a figure.
 */
@Injectable()
export class VideoEvidenceRecorder implements OnApplicationShutdown {
  private readonly logger = new Logger(VideoEvidenceRecorder.name);
  private dirty = new Map<string, VideoDayRow>();
  private timer: Cancel | null = null;
  private writing: Promise<void> | null = null;

  constructor(
    private readonly profiles: SiteVideoProfiles,
    private readonly store: VideoEvidenceRepository,
    private readonly scheduler: SchedulerPort,
  ) {}

  /** Synchronous and cheap: folds into memory; the flush timer starts with the first observation. */
  observe(o: VideoObservation): void {
    // called from ingest's handle, which never throws: evidence that cannot be folded is logged and left out
    try {
      this.fold(o);
    } catch (e: unknown) {
      this.logger.warn(`video evidence of ${o.deviceId} left out: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.timer ??= this.scheduler.every(FLUSH_MS, () => this.flush(), 'video-evidence-flush');
  }

  private fold(o: VideoObservation): void {
    const profile = this.profiles.profileOf(o.siteId);
    const required = profile.thresholds.retentionDays[profile.siteClass];
    const base = { deviceId: o.deviceId, siteId: o.siteId, at: o.at, timeZone: profile.timeZone };
    for (const c of o.channels ?? []) {
      if (c.recordedSec === undefined && c.gaps === undefined && c.oldestRecording === undefined) continue;
      this.foldChannel({ ...base, ch: c.ch, recordedSec: c.recordedSec, gaps: c.gaps, oldestRecording: c.oldestRecording, retentionRequiredDays: required });
    }
    if (o.vqd) this.foldChannel({ ...base, ch: o.vqd.ch ?? 0, vqd: { failed: o.vqd.failed } });
  }

  /** Writes the rows changed so far (one write at a time); on failure they stay for the next round. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.dirty.size === 0) return;
    const taken = this.dirty;
    this.dirty = new Map();
    this.writing = this.store
      .upsert([...taken.values()])
      .catch((e: unknown) => {
        this.logger.warn(`video evidence not written, kept for the next round: ${e instanceof Error ? e.message : String(e)}`);
        for (const [key, row] of taken) {
          const now = this.dirty.get(key);
          this.dirty.set(key, now ? mergeVideoDayRows(row, now) : row);
        }
      })
      .finally(() => (this.writing = null));
    await this.writing;
  }

  get pending(): number {
    return this.dirty.size;
  }

  async onApplicationShutdown(): Promise<void> {
    this.timer?.();
    this.timer = null;
    await this.flush();
  }

  private foldChannel(o: Parameters<typeof foldVideoObservation>[1]): void {
    // the key carries the day of the fold's result, so the row of yesterday is kept apart from today's
    const probe = foldVideoObservation(undefined, o);
    const key = `${o.deviceId}|${o.ch}|${probe.day}`;
    const row = this.dirty.get(key);
    this.dirty.set(key, row ? mergeVideoDayRows(row, probe) : probe);
  }
}
