import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { connectAsync, type MqttClient } from 'mqtt';
import type { AgentDevice } from '@vigil/domain';
import { EmbeddedBroker } from '@vigil/messaging';
import { AgentCounters } from '../../apps/agent/src/publish/agent-counters';
import { DiskQueue } from '../../apps/agent/src/publish/disk-queue';
import { HeartbeatPublisher } from '../../apps/agent/src/publish/heartbeat-publisher';
import { SeqStore } from '../../apps/agent/src/publish/seq-store';
import { waitFor } from '../support/wait-for';

const SWITCH: AgentDevice = { deviceId: 'sw-1', type: 'switch', protocol: 'snmp', address: '10.0.0.2', credentials: {}, pollIntervalSec: 30 };
const reading = (port: number) => ({ deviceId: 'sw-1', at: new Date(), health: { ports: [{ port, up: true }] } });

/** The publisher against a real broker that goes away and comes back, across an agent restart: nothing lost, order kept, seq rising. */
describe(HeartbeatPublisher.name, () => {
  let dir: string;
  let broker: EmbeddedBroker;
  let port: number;
  const open: { client: MqttClient; publisher?: HeartbeatPublisher; queue?: DiskQueue }[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-agent-buffer-'));
    broker = new EmbeddedBroker();
    await broker.start(0);
    port = broker.port;
  });
  afterEach(async () => {
    for (const o of open.splice(0)) {
      o.publisher?.stop();
      await o.client.endAsync(true);
      o.queue?.close();
    }
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  function startAgentSide(): { publisher: HeartbeatPublisher; queue: DiskQueue; counters: AgentCounters; client: MqttClient } {
    const counters = new AgentCounters();
    const queue = new DiskQueue(dir, 1000);
    const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 100, connectTimeout: 1000 });
    const publisher = new HeartbeatPublisher(client, queue, new SeqStore(dir), counters, { ackTimeoutMs: 1000, retryMs: 100 });
    publisher.watch([SWITCH]);
    open.push({ client, publisher, queue });
    return { publisher, queue, counters, client };
  }

  async function subscriber(): Promise<{ seqs: number[]; ports: number[] }> {
    const got = { seqs: [] as number[], ports: [] as number[] };
    const client = await connectAsync(`mqtt://127.0.0.1:${port}`, { reconnectPeriod: 0 });
    open.push({ client });
    client.on('message', (_t, payload) => {
      const hb = JSON.parse(payload.toString()) as { seq: number; health: { ports: { port: number }[] } };
      got.seqs.push(hb.seq);
      got.ports.push(hb.health.ports[0].port);
    });
    await client.subscribeAsync('vigil/v1/devices/+/heartbeat', { qos: 1 });
    return got;
  }

  it('should buffer on disk while the broker is away and send in order, after an agent restart, with seq still rising', async () => {
    let got = await subscriber();
    const first = startAgentSide();
    await waitFor(async () => first.client.connected);
    first.publisher.publish(reading(1));
    first.publisher.publish(reading(2));
    await waitFor(async () => got.ports.length === 2);
    expect(got.seqs).toEqual([1, 2]);

    await broker.stop();
    await waitFor(async () => !first.client.connected);
    for (const p of [3, 4, 5]) first.publisher.publish(reading(p));
    expect(first.queue.size).toBe(3);
    expect(first.counters.buffered).toBe(3);
    // the agent stops while the broker is away
    first.publisher.stop();
    await first.client.endAsync(true);
    first.queue.close();

    broker = new EmbeddedBroker();
    await broker.start(port);
    got = await subscriber();
    const second = startAgentSide();
    expect(second.queue.size).toBe(3);
    await waitFor(async () => got.ports.length === 3, 5000);
    second.publisher.publish(reading(6));
    await waitFor(async () => got.ports.length === 4);
    expect(got.ports).toEqual([3, 4, 5, 6]);
    expect(got.seqs.slice(0, 3)).toEqual([3, 4, 5]);
    expect(got.seqs[3]).toBeGreaterThan(5);
    expect(second.queue.size).toBe(0);
    expect(second.counters.sent).toBe(4);
  });
});
