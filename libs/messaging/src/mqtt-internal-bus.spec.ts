import { EventEmitter } from 'node:events';
import type { VigilConfig } from '@vigil/config';
import { AssetChanges, FaultNotices, type FaultNotice } from '@vigil/application';
import { Metrics } from '@vigil/observability';
import type { MqttConnection } from './mqtt-connection';
import { internalTopicPrefix, MqttInternalBus } from './mqtt-internal-bus';

const DATABASE_URL = 'postgres://vigil@db/vigil';
const PREFIX = internalTopicPrefix(DATABASE_URL);

/** A broker in memory: each publish reaches every connected client, its sender included (as MQTT does for a subscriber). */
class MemoryBroker {
  readonly clients: FakeClient[] = [];
  up = true;

  send(topic: string, payload: string | Buffer): void {
    if (!this.up) return;
    for (const c of this.clients) c.emit('message', topic, Buffer.from(payload));
  }
}

class FakeClient extends EventEmitter {
  constructor(private readonly broker: MemoryBroker) {
    super();
    broker.clients.push(this);
  }

  get connected(): boolean {
    return this.broker.up;
  }

  subscribe(): void {}

  publish(topic: string, payload: string): void {
    this.broker.send(topic, payload);
  }
}

function processOn(broker: MemoryBroker): { bus: MqttInternalBus; metrics: Metrics } {
  const metrics = new Metrics();
  const connection = { client: new FakeClient(broker) } as unknown as MqttConnection;
  return { bus: new MqttInternalBus(connection, { databaseUrl: DATABASE_URL } as VigilConfig, metrics), metrics };
}

async function dropped(metrics: Metrics): Promise<Record<string, number>> {
  const { values } = await metrics.counter('vigil_internal_dropped_total', '', ['channel', 'reason']).get();
  return Object.fromEntries(values.map((v) => [`${v.labels.channel}/${v.labels.reason}`, v.value]));
}

const fault = (id: string) =>
  ({
    id,
    deviceId: 'CAM-1',
    siteId: 'SITE-1',
    contractId: null,
    region: 'Qingdao',
    kind: 'offline',
    subject: null,
    level: 2,
    state: 'open',
    source: 'health',
    parentFaultId: null,
    affectedCount: 0,
    description: null,
    reporter: null,
    channel: null,
    plan: null,
    assigneeId: null,
    patrolId: null,
    resolution: null,
    openedAt: new Date('2026-12-02T08:00:00Z'),
    acknowledgedAt: null,
    dispatchedAt: null,
    arrivedAt: null,
    restoredAt: null,
    repairedAt: null,
    closedAt: null,
    clearedAt: null,
    updatedAt: new Date('2026-12-02T08:00:00Z'),
    pauses: [],
  }) as unknown as FaultNotice['fault'];

describe(MqttInternalBus.name, () => {
  let broker: MemoryBroker;

  beforeEach(() => {
    broker = new MemoryBroker();
  });

  it('should deliver an event to a listener in the publishing process and one in another process exactly once each', () => {
    const here = processOn(broker);
    const there = processOn(broker);
    const got = { here: [] as string[][], there: [] as string[][] };
    new AssetChanges(here.bus).changed$.subscribe((ids) => got.here.push(ids));
    new AssetChanges(there.bus).changed$.subscribe((ids) => got.there.push(ids));

    new AssetChanges(here.bus).devicesChanged(['CAM-1']);

    expect(got).toEqual({ here: [['CAM-1']], there: [['CAM-1']] });
  });

  it('should deliver locally at once while the broker is down', () => {
    const here = processOn(broker);
    const there = processOn(broker);
    const got: string[] = [];
    const elsewhere: string[] = [];
    new FaultNotices(here.bus).notices$.subscribe((n) => got.push(n.fault.id));
    new FaultNotices(there.bus).notices$.subscribe((n) => elsewhere.push(n.fault.id));
    broker.up = false;

    new FaultNotices(here.bus).publish({ type: 'opened', fault: fault('F-1') });

    expect(got).toEqual(['F-1']);
    expect(elsewhere).toEqual([]);
  });

  it("should hand over another process's fault notice parsed against its schema, dates as Dates", () => {
    const here = processOn(broker);
    const there = processOn(broker);
    const got: FaultNotice[] = [];
    new FaultNotices(there.bus).notices$.subscribe((n) => got.push(n));

    new FaultNotices(here.bus).publish({ type: 'updated', fault: fault('F-2') });

    expect(got).toHaveLength(1);
    expect(got[0].fault.openedAt).toEqual(new Date('2026-12-02T08:00:00Z'));
  });

  it('should count and drop malformed notices without delivering them, and keep delivering good ones', async () => {
    const { bus, metrics } = processOn(broker);
    const got: unknown[] = [];
    bus.subscribe('fault-notices', (body) => got.push(body));
    bus.subscribe('asset-changes', (body) => got.push(body));

    broker.send(`${PREFIX}fault-notices`, '{not json');
    broker.send(`${PREFIX}fault-notices`, JSON.stringify({ body: {} }));
    broker.send(`${PREFIX}fault-notices`, JSON.stringify({ origin: 'other', body: { type: 'opened', fault: { id: 'F-3', siteId: 'S' } } }));
    broker.send(`${PREFIX}made-up`, JSON.stringify({ origin: 'other', body: {} }));
    broker.send(`${PREFIX}asset-changes`, JSON.stringify({ origin: 'other', body: { ids: ['CAM-2'] } }));

    expect(got).toEqual([{ ids: ['CAM-2'] }]);
    expect(await dropped(metrics)).toEqual({
      'fault-notices/not-json': 1,
      'fault-notices/bad-envelope': 1,
      'fault-notices/invalid': 1,
      'other/unknown-channel': 1,
    });
  });
});
