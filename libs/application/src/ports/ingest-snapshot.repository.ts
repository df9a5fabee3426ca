import type { DropReason } from '@vigil/domain';

export interface DroppedSample {
  at: Date;
  topic: string;
  reason: DropReason;
  detail: string;
  /** The first bytes of the payload as text, for a human to look at. */
  payload: string;
}

/** What one ingest process has counted since it started, as it last wrote it down. */
export interface IngestSnapshot {
  processId: string;
  writtenAt: Date;
  trackedDevices: number;
  totals: Record<string, number>;
  /** Newest first. */
  recentDrops: DroppedSample[];
}

/** The ingest processes' diagnostics, shared through the database so every process answers the same. */
export abstract class IngestSnapshotRepository {
  /** Replaces the process's snapshot. */
  abstract save(snapshot: IngestSnapshot): Promise<void>;
  abstract writtenSince(since: Date): Promise<IngestSnapshot[]>;
  abstract remove(processId: string): Promise<void>;
  abstract removeWrittenBefore(before: Date): Promise<void>;
}
