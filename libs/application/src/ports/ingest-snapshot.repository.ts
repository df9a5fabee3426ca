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
  /** When it last handled a valid device message; its start until the first one. */
  lastProcessedAt: Date | null;
}

/** The ingest processes' diagnostics, shared through the database so every process answers the same. */
export abstract class IngestSnapshotRepository {
  /** Replaces the process's snapshot. */
  abstract save(snapshot: IngestSnapshot): Promise<void>;
  abstract writtenSince(since: Date): Promise<IngestSnapshot[]>;
  abstract remove(processId: string): Promise<void>;
  abstract removeWrittenBefore(before: Date): Promise<void>;
  /** Of the snapshots written since then: how many, and the latest time one of their processes handled a message (light: no counters, no samples). */
  abstract processingSince(since: Date): Promise<{ processes: number; lastProcessedAt: Date | null }>;
  /** Whether some device is expected to report: it has reported before and is not away on a loan. */
  abstract devicesExpectedToReport(): Promise<boolean>;
}
