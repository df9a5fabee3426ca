import { Injectable } from '@nestjs/common';
import { DROP_REASONS, type DropReason } from '@vigil/domain';
import { MetricsPort, type CounterMetric, type DroppedSample } from '../ports';

const SAMPLE_SIZE = 200;

/** Counts what this process's ingest accepted and dropped (by reason) and keeps the newest dropped messages. */
@Injectable()
export class IngestDiagnostics {
  private readonly dropped: CounterMetric<'reason'>;
  private readonly messages: CounterMetric<'result'>;
  private readonly samples: DroppedSample[] = [];
  private readonly counts = new Map<string, number>();

  constructor(metrics: MetricsPort) {
    this.dropped = metrics.counter('vigil_ingest_dropped_total', 'MQTT messages dropped by ingest, by reason', ['reason']);
    this.messages = metrics.counter('vigil_ingest_messages_total', 'Valid MQTT messages by outcome', ['result']);
    for (const reason of DROP_REASONS) this.dropped.inc({ reason }, 0);
  }

  accepted(result: 'accepted' | 'duplicate' | 'stale' | 'status' | 'vqd'): void {
    this.messages.inc({ result });
    this.counts.set(result, (this.counts.get(result) ?? 0) + 1);
  }

  drop(topic: string, reason: DropReason, detail: string, payload: Uint8Array, at: Date): void {
    this.dropped.inc({ reason });
    this.counts.set(`dropped:${reason}`, (this.counts.get(`dropped:${reason}`) ?? 0) + 1);
    this.samples.push({ at, topic: topic.slice(0, 200), reason, detail, payload: Buffer.from(payload.subarray(0, 256)).toString('utf8') });
    if (this.samples.length > SAMPLE_SIZE) this.samples.shift();
  }

  recentDrops(): DroppedSample[] {
    return [...this.samples].reverse();
  }

  totals(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}
