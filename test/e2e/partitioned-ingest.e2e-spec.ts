import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { IngestService } from '@vigil/application';
import { ConsoleAppModule } from '../../apps/console/src/console-app.module';
import { IngestAppModule } from '../../apps/ingest/src/ingest-app.module';
import { HeartbeatSubscriber } from '../../apps/ingest/src/heartbeat.subscriber';
import type { AmqpPartitionSource } from '../../apps/ingest/src/amqp/amqp-partition-source';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { DeviceClient, issueSecret, platformBrokerUrl } from '../support/device-client';
import { makeSite, uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

/**
 * Partitioned ingest on RabbitMQ (deploy/rabbitmq): runs only with TEST_AMQP_URL (amqp://guest:guest@127.0.0.1:5672) and
 * TEST_AMQP_MQTT_URL (RabbitMQ's MQTT listener, e.g. mqtt://127.0.0.1:1884, with the consistent-hash exchange plugin enabled).
 * Devices log in with their secrets through RabbitMQ's HTTP auth backend, pointed at the ingest process for the suite with
 * `rabbitmqctl eval` (so on the broker's machine, plugin rabbitmq_auth_backend_http enabled), and put back afterwards.
 */
const rabbitmqctl = (expr: string) => execFileSync('rabbitmqctl', ['eval', expr], { encoding: 'utf8' });
function useVigilForDeviceLogins(baseUrl: string | null): void {
  if (!baseUrl) {
    rabbitmqctl('application:set_env(rabbit, auth_backends, [rabbit_auth_backend_internal]).');
    return;
  }
  for (const kind of ['user', 'vhost', 'resource', 'topic']) {
    rabbitmqctl(`application:set_env(rabbitmq_auth_backend_http, ${kind}_path, "${baseUrl}/broker-auth/rabbitmq/${kind}").`);
  }
  rabbitmqctl('application:set_env(rabbit, auth_backends, [rabbit_auth_backend_internal, rabbit_auth_backend_http]).');
}
/** What the broker says of its login set-up, for a refused login's error: the backends asked and the plugins running. */
function brokerLoginSetup(): string {
  const ask = (expr: string) => {
    try {
      return rabbitmqctl(expr).trim();
    } catch (error) {
      return `rabbitmqctl failed: ${(error as Error).message}`;
    }
  };
  return [
    `auth_backends: ${ask('application:get_env(rabbit, auth_backends).')}`,
    `user_path: ${ask('application:get_env(rabbitmq_auth_backend_http, user_path).')}`,
    `running: ${ask('[A || {A, _, _} <- application:which_applications(), lists:prefix("rabbitmq_", atom_to_list(A))].')}`,
  ].join('; ');
}
/** A device's login through the broker; a refusal names the broker's login set-up, so a CI log tells a set-up fault from Vigil's. */
async function connectDevice(url: string, options: { username: string; password: string; clientId: string }): Promise<DeviceClient> {
  try {
    return await DeviceClient.connect(url, options);
  } catch (error) {
    throw new Error(`${options.username} could not log in to RabbitMQ (${(error as Error).message}); the broker: ${brokerLoginSetup()}`, { cause: error });
  }
}
const amqpUrl = process.env.TEST_AMQP_URL;
const mqttUrl = process.env.TEST_AMQP_MQTT_URL;
const PARTITIONS = 4;
const INTERVAL_SEC = 2;
const MISSED = 2;
const WINDOW_MS = INTERVAL_SEC * MISSED * 1000;

interface Seen {
  process: 'a' | 'b';
  seq: number;
}

(amqpUrl && mqttUrl ? describe : describe.skip).each(databaseTargets())('partitioned ingest on RabbitMQ, $name', (dbTarget) => {
  let db: TestDatabase;
  let consoleApp: TestPlatform;
  const ingests: TestPlatform[] = [];
  const devices: DeviceClient[] = [];

  afterAll(async () => {
    if (amqpUrl && mqttUrl) useVigilForDeviceLogins(null);
    for (const d of devices) await d.close().catch(() => undefined);
    for (const app of ingests) await app.close().catch(() => undefined);
    await consoleApp?.close();
    await db?.drop();
  }, 60_000);

  const sourceOf = (app: TestPlatform): AmqpPartitionSource => app.app.get(HeartbeatSubscriber).partitionSource!;

  it('should give every device one owner that hears its messages in order, and hand a dead owner’s partitions over within one window without a false offline', async () => {
    db = await dbTarget.create();
    // the console's own (embedded) broker carries only the platform's notices; devices talk to RabbitMQ
    const common = { VIGIL_MISSED_HEARTBEATS: String(MISSED), VIGIL_INGEST_FLUSH_MS: '20' };
    consoleApp = await startTestPlatform(db, { module: ConsoleAppModule, env: { ...common, MQTT_CLIENT_ID: `pc-${randomBytes(4).toString('hex')}` } });
    const auth = { Authorization: `Bearer ${await consoleApp.login()}` };
    const siteId = (await consoleApp.http.post('/api/sites').set(auth).send(makeSite()).expect(201)).body.id as string;
    // dots in ids too: RabbitMQ carries them as "/" inside a routing key's word
    const ids = Array.from({ length: 16 }, (_, i) => uniqueId(i % 4 === 0 ? `CAM.${i}` : `DVR${i}`));
    for (const id of ids) await consoleApp.http.post('/api/devices').set(auth).send({ id, type: 'dvr', siteId, heartbeatIntervalSec: INTERVAL_SEC }).expect(201);

    const startIngest = async (preferred: string) => {
      const app = await startTestPlatform(db, {
        mqttUrl: platformBrokerUrl(consoleApp),
        module: IngestAppModule,
        env: {
          ...common,
          MQTT_CLIENT_ID: `pi-${randomBytes(4).toString('hex')}`,
          INGEST_SOURCE: 'amqp',
          AMQP_URL: amqpUrl!,
          INGEST_PARTITIONS: String(PARTITIONS),
          INGEST_PARTITIONS_PREFERRED: preferred,
          INGEST_STANDBY_DELAY_MS: '1500',
        },
      });
      ingests.push(app);
      return app;
    };
    const a = await startIngest('0-1');
    const b = await startIngest('2-3');
    await waitFor(async () => sourceOf(a).partitions.join() === '0,1' && sourceOf(b).partitions.join() === '2,3');

    // what each process applied, per device, in the order it applied it (a recording pass-through, not a mock)
    const seen = new Map<string, Seen[]>();
    for (const [name, app] of [['a', a] as const, ['b', b] as const]) {
      const ingest = app.app.get(IngestService);
      const handle = ingest.handle.bind(ingest);
      ingest.handle = (topic, payload, receivedAt, retained) => {
        const id = topic.split('/')[3];
        if (topic.endsWith('/heartbeat') && ingest.tracks(id)) {
          const seq = (JSON.parse(Buffer.from(payload).toString('utf8')) as { seq: number }).seq;
          seen.set(id, [...(seen.get(id) ?? []), { process: name, seq }]);
        }
        handle(topic, payload, receivedAt, retained);
      };
    }

    // devices log in as themselves, checked by Vigil; a wrong secret is refused, and so is another device's topic
    useVigilForDeviceLogins(b.baseUrl);
    const token = await consoleApp.login();
    for (const id of ids) devices.push(await connectDevice(mqttUrl!, { ...(await issueSecret(consoleApp, id, token)), clientId: id }));
    await expect(DeviceClient.connect(mqttUrl!, { username: ids[0], password: 'not-its-secret', clientId: `x-${ids[0]}` })).rejects.toThrow();
    const intruder = await connectDevice(mqttUrl!, { ...(await issueSecret(consoleApp, ids[1], token)), clientId: `intruder-${ids[1]}` });
    // RabbitMQ closes the intruder's connection at its first refused publish (QoS 0: there is no acknowledgement to wait for)
    const refused = new Promise<void>((resolve) => intruder.client.once('close', () => resolve()));
    intruder.client.publish(`vigil/v1/devices/${ids[2]}/heartbeat`, JSON.stringify({ ts: new Date().toISOString(), seq: 999_999 }), { qos: 0 });
    await refused;
    intruder.client.end(true);
    let sending = true;
    let dying = '';
    const silent = new Set<string>();
    const beat = async () => {
      while (sending) {
        await Promise.all(devices.map((d, i) => (silent.has(ids[i]) ? undefined : d.heartbeat(ids[i]))));
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    };
    const beating = beat();
    try {
      const statusOf = async (id: string) => (await consoleApp.http.get(`/api/devices/${id}`).set(auth).expect(200)).body.status as string;
      await waitFor(async () => (await Promise.all(ids.map(statusOf))).every((s) => s === 'online'), 15_000);

      // ownership: each device tracked by exactly one process, and both processes own some
      const ingestA = a.app.get(IngestService);
      const ingestB = b.app.get(IngestService);
      for (const id of ids) expect([ingestA.tracks(id), ingestB.tracks(id)].filter(Boolean)).toHaveLength(1);
      expect(ids.some((id) => ingestA.tracks(id)) && ids.some((id) => ingestB.tracks(id))).toBe(true);

      // a dies the hard way (its socket cut, nothing said to the broker); one device falls silent at the same moment
      dying = ids.find((id) => ingestA.tracks(id))!;
      silent.add(dying);
      const killedAt = Date.now();
      (sourceOf(a) as unknown as { connection: { connection: { stream: Socket } } }).connection.connection.stream.destroy(new Error('killed'));
      await waitFor(async () => sourceOf(b).partitions.join() === '0,1,2,3' && ids.every((id) => ingestB.tracks(id)), WINDOW_MS);
      expect(Date.now() - killedAt).toBeLessThan(WINDOW_MS);
      expect(sourceOf(b).stats.takeovers).toBe(PARTITIONS);

      // the silent one goes offline one window after b claimed it, the others never did
      await waitFor(async () => (await statusOf(dying)) === 'offline', WINDOW_MS * 3);
      expect(Date.now() - killedAt).toBeGreaterThanOrEqual(WINDOW_MS - 500);
      await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
      // no false offline on takeover: the others never had one in their history, not even a short one
      for (const id of ids.filter((i) => i !== dying)) {
        expect(await statusOf(id)).toBe('online');
        const history = (await consoleApp.http.get(`/api/devices/${id}/history`).set(auth).expect(200)).body.items as unknown[];
        expect(JSON.stringify(history)).not.toContain('offline');
      }
      const dyingHistory = (await consoleApp.http.get(`/api/devices/${dying}/history`).set(auth).expect(200)).body.items as unknown[];
      expect(JSON.stringify(dyingHistory)).toContain('offline');

      // a came back as a standby: it holds nothing and tracks nothing
      await waitFor(async () => sourceOf(a).stats.released > 0);
      expect(sourceOf(a).partitions).toEqual([]);
      expect(ids.some((id) => ingestA.tracks(id))).toBe(false);
    } finally {
      sending = false;
      await beating;
    }

    // order: every device's heartbeats applied in the order it sent them, by a before the kill and by b after it, never both at once
    for (const id of ids) {
      const list = seen.get(id) ?? [];
      expect(list.length).toBeGreaterThan(id === dying ? 0 : 3);
      expect(list.map((s) => s.seq)).not.toContain(999_999);
      const seqs = list.map((s) => s.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      const switches = list.filter((s, i) => i > 0 && s.process !== list[i - 1].process).length;
      expect(switches).toBeLessThanOrEqual(1);
    }
  }, 90_000);
});
