import { DROP_REASONS } from '@vigil/domain';
import { strictFake } from '../../../../test/support/strict-fake';
import type { CounterMetric, MetricsPort } from '../ports';
import { IngestDiagnostics } from './ingest-diagnostics';

const AT = new Date('2026-12-02T08:00:00Z');
const bytes = (text: string) => new TextEncoder().encode(text);

/** The diagnostics over counters that keep `name{label}` → sum. */
function setup() {
  const counted = new Map<string, number>();
  const metrics = strictFake<MetricsPort>('metrics', {
    counter: (name: string): CounterMetric<string> => ({
      inc: (labels: Record<string, string>, value = 1) => {
        const key = `${name}${JSON.stringify(labels)}`;
        counted.set(key, (counted.get(key) ?? 0) + value);
      },
    }),
  });
  return { diagnostics: new IngestDiagnostics(metrics), counted };
}

describe(IngestDiagnostics.name, () => {
  it('should export every drop reason at zero from the start, so a dashboard sees the series before the first drop', () => {
    const { counted } = setup();

    for (const reason of DROP_REASONS) expect(counted.get(`vigil_ingest_dropped_total{"reason":"${reason}"}`)).toBe(0);
  });

  it('should count accepted messages by outcome and drops by reason, in the metrics and the totals', () => {
    const { diagnostics, counted } = setup();

    diagnostics.accepted('accepted');
    diagnostics.accepted('accepted');
    diagnostics.accepted('duplicate');
    diagnostics.drop('vigil/v1/devices/x/heartbeat', 'not-json', 'Unexpected token', bytes('{'), AT);

    expect(diagnostics.totals()).toEqual({ accepted: 2, duplicate: 1, 'dropped:not-json': 1 });
    expect(counted.get('vigil_ingest_messages_total{"result":"accepted"}')).toBe(2);
    expect(counted.get('vigil_ingest_dropped_total{"reason":"not-json"}')).toBe(1);
  });

  it('should keep the newest 200 drops, newest first, with topic and payload cut short', () => {
    const { diagnostics } = setup();

    diagnostics.drop('t'.repeat(300), 'bad-topic', 'too long', bytes('x'.repeat(300)), AT);
    for (let i = 1; i <= 200; i++) diagnostics.drop(`topic-${i}`, 'bad-topic', 'no', bytes(`p${i}`), new Date(AT.getTime() + i));
    const drops = diagnostics.recentDrops();

    expect(drops).toHaveLength(200);
    expect(drops[0]).toEqual({ at: new Date(AT.getTime() + 200), topic: 'topic-200', reason: 'bad-topic', detail: 'no', payload: 'p200' });
    expect(drops.at(-1)!.topic).toBe('topic-1');
    expect(diagnostics.totals()['dropped:bad-topic']).toBe(201);
  });

  it('should cut a long topic to 200 characters and a payload to its first 256 bytes', () => {
    const { diagnostics } = setup();

    diagnostics.drop('t'.repeat(300), 'too-large', 'big', bytes('x'.repeat(300)), AT);
    const [drop] = diagnostics.recentDrops();

    expect(drop.topic).toHaveLength(200);
    expect(drop.payload).toHaveLength(256);
  });
});
