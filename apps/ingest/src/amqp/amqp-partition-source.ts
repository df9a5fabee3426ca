import { Logger } from '@nestjs/common';
import type { Channel, ChannelModel, Message } from 'amqplib';
import type { IngestService } from '@vigil/application';

/** The broker's side of partitioned ingest (deploy/rabbitmq/definitions.json declares the same). */
export const AMQP_TOPOLOGY = {
  /** Where RabbitMQ's MQTT plugin puts device messages, MQTT topic `a/b/c` as routing key `a.b.c`. */
  mqttExchange: 'amq.topic',
  /** Consistent-hash exchange: each heartbeat's routing key picks one partition queue, always the same one. */
  hashExchange: 'vigil.ingest',
  /** `#`, not `*`: RabbitMQ keeps a `.` of an MQTT topic as it is, so a device id with dots spans several words. */
  heartbeatKey: 'vigil.v1.devices.#.heartbeat',
  /** Status messages (and VQD reports, [14]) go to every ingest process; each applies those of the devices it holds. */
  statusExchange: 'vigil.ingest.status',
  statusKey: 'vigil.v1.devices.#.status',
  vqdKey: 'vigil.v1.devices.#.vqd',
  queue: (partition: number) => `vigil.ingest.p${partition}`,
} as const;

/** x-vigil header of the broker-internal messages: a tick proves who holds a queue, a probe asks the holder to claim a device. */
const KIND = 'x-vigil';
const TICK_MS = 1000;
const PREFETCH = 1000;
const RECONNECT_MS = 1000;
const PROBE_DEBOUNCE_MS = 200;
/** AMQP heartbeat, s: a connection that went silent is dropped by both sides after about two of these. */
const HEARTBEAT_SEC = 5;
const CLOSE_WAIT_MS = 2000;

/**
 * MQTT topic from a routing key. RabbitMQ turns each `/` into `.` and keeps a `.` as it is, so the words between
 * `vigil.v1.devices.` and the channel are the device id (ids have no `/`). `vigil/v1/devices/a/b/heartbeat` reads as
 * device `a.b`'s: the topic ACL (deploy/rabbitmq) lets only `a.b` publish that routing key.
 */
export function topicOfRoutingKey(key: string): string {
  const words = key.split('.');
  if (words.length >= 5 && words[0] === 'vigil' && words[1] === 'v1' && words[2] === 'devices') return `vigil/v1/devices/${words.slice(3, -1).join('.')}/${words.at(-1)}`;
  return words.join('/');
}

/** The routing key RabbitMQ gives a device's heartbeats. */
export function heartbeatRoutingKey(deviceId: string): string {
  return `vigil.v1.devices.${deviceId}.heartbeat`;
}

export interface AmqpPartitionOptions {
  url: string;
  partitions: number;
  preferred: number[] | null;
  standbyDelayMs: number;
  /** Ids of every registered device, for a probe round. */
  deviceIds: () => Promise<string[]>;
}

/**
 * Partitioned ingest on RabbitMQ. Heartbeats reach one of N partition queues by the consistent hash of their routing key
 * (so one device's always reach the same queue, in order); each queue has a single active consumer, so one process holds a
 * partition at a time and the next one waiting takes it over, with the unacknowledged messages, when the holder's connection
 * goes. A process learns that it holds a partition from the queue itself (every process puts a tick in every queue each
 * second), and which devices that partition has by asking the broker's hash: it sends a probe for every registered device
 * through the hash exchange, and each partition's holder claims the devices whose probes it receives (read from the
 * register, a full liveness window from now). Losing the connection lets go of everything.
 */
export class AmqpPartitionSource {
  private readonly logger = new Logger(AmqpPartitionSource.name);
  private connection: ChannelModel | null = null;
  private channel: Channel | null = null;
  private readonly held = new Set<number>();
  private timers: NodeJS.Timeout[] = [];
  private probeTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private reconnecting = false;
  private connected: Promise<void> | null = null;
  /** Counters for /health, logs and tests. */
  readonly stats = { messages: 0, probesSent: 0, probesReceived: 0, takeovers: 0, released: 0 };

  constructor(
    private readonly ingest: IngestService,
    private readonly options: AmqpPartitionOptions,
  ) {}

  /** Partitions this process holds now. */
  get partitions(): number[] {
    return [...this.held].sort((a, b) => a - b);
  }

  /** Connects (retrying in the background); resolves once connected the first time or after 5 s. */
  async start(): Promise<void> {
    this.connected = this.connectLoop();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.connected, new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
    clearTimeout(timer);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    this.channel = null;
    const connection = this.connection;
    this.connection = null;
    let timer: NodeJS.Timeout | undefined;
    if (connection) await Promise.race([connection.close().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)))]);
    clearTimeout(timer);
  }

  private async connectLoop(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.open();
        return;
      } catch (err) {
        this.logger.warn(`AMQP ${this.options.url.replace(/:[^:@/]*@/, ':******@')}: ${(err as Error).message}; retrying`);
        await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
      }
    }
  }

  private async open(): Promise<void> {
    const amqp = await import('amqplib').catch(() => {
      throw new Error('INGEST_SOURCE=amqp needs the amqplib package (npm install amqplib)');
    });
    const url = /[?&]heartbeat=/.test(this.options.url) ? this.options.url : `${this.options.url}${this.options.url.includes('?') ? '&' : '?'}heartbeat=${HEARTBEAT_SEC}`;
    const connection = await amqp.connect(url, { clientProperties: { connection_name: 'vigil-ingest' } });
    const channel = await connection.createChannel();
    await this.declare(channel);
    this.connection = connection;
    this.channel = channel;
    connection.on('error', (err: Error) => this.logger.warn(`AMQP: ${err.message}`));
    connection.on('close', () => void this.lost());
    // a channel closed by the broker (a queue deleted under it, say) loses the partitions just the same
    channel.on('error', (err: Error) => this.logger.warn(`AMQP channel: ${err.message}`));
    channel.on(
      'close',
      () =>
        void connection
          .close()
          .catch(() => undefined)
          .finally(() => void this.lost()),
    );
    this.ingest.linkRestored();

    const statusQueue = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    await channel.bindQueue(statusQueue.queue, AMQP_TOPOLOGY.statusExchange, '');
    await channel.consume(statusQueue.queue, (msg) => msg && this.status(channel, msg));

    const all = Array.from({ length: this.options.partitions }, (_, p) => p);
    // back after a lost connection, a process comes as a standby: its partitions' other consumers have taken them over by now
    const first = this.reconnecting ? [] : (this.options.preferred ?? all);
    this.reconnecting = true;
    const later = all.filter((p) => !first.includes(p));
    for (const p of first) await this.consume(channel, p);
    if (later.length > 0) {
      this.timers.push(
        setTimeout(() => void Promise.all(later.map((p) => this.consume(channel, p))).catch((err: Error) => this.logger.warn(err.message)), this.options.standbyDelayMs),
      );
    }
    this.timers.push(setInterval(() => this.tick(channel), TICK_MS));
    this.tick(channel);
    this.logger.log(`AMQP: consuming ${this.options.partitions} partitions (${first.length} at once, ${later.length} after ${this.options.standbyDelayMs} ms)`);
  }

  /** Idempotent: the same as deploy/rabbitmq/definitions.json, so a fresh broker works without loading it. */
  private async declare(channel: Channel): Promise<void> {
    const t = AMQP_TOPOLOGY;
    await channel.assertExchange(t.hashExchange, 'x-consistent-hash', { durable: true });
    await channel.assertExchange(t.statusExchange, 'fanout', { durable: true });
    await channel.bindExchange(t.hashExchange, t.mqttExchange, t.heartbeatKey);
    await channel.bindExchange(t.statusExchange, t.mqttExchange, t.statusKey);
    await channel.bindExchange(t.statusExchange, t.mqttExchange, t.vqdKey);
    for (let p = 0; p < this.options.partitions; p++) {
      await channel.assertQueue(t.queue(p), { durable: true, arguments: { 'x-single-active-consumer': true } });
      // the binding key of a consistent-hash exchange is the queue's weight in the hash ring
      await channel.bindQueue(t.queue(p), t.hashExchange, '1');
    }
    await channel.prefetch(PREFETCH);
  }

  private async consume(channel: Channel, partition: number): Promise<void> {
    if (this.channel !== channel) return;
    await channel.consume(AMQP_TOPOLOGY.queue(partition), (msg) => msg && this.deliver(channel, partition, msg));
  }

  private deliver(channel: Channel, partition: number, msg: Message): void {
    if (!this.held.has(partition)) {
      this.held.add(partition);
      this.stats.takeovers++;
      this.logger.log(`AMQP: holding partition ${partition} (${this.partitions.join(', ')})`);
      this.scheduleProbes();
    }
    const kind = msg.properties.headers?.[KIND];
    if (kind === 'probe') {
      this.stats.probesReceived++;
      const id = /^vigil\.v1\.devices\.(.+)\.heartbeat$/.exec(msg.fields.routingKey)?.[1];
      if (id) this.ingest.claim([id]);
    } else if (kind !== 'tick') {
      this.stats.messages++;
      this.ingest.handle(topicOfRoutingKey(msg.fields.routingKey), msg.content);
    }
    channel.ack(msg);
  }

  /** A status message or a VQD report reaches every process: the one tracking the device applies it. */
  private status(channel: Channel, msg: Message): void {
    const topic = topicOfRoutingKey(msg.fields.routingKey);
    const id = topic.split('/')[3];
    if (id && this.ingest.tracks(id)) this.ingest.handle(topic, msg.content);
    channel.ack(msg);
  }

  private tick(channel: Channel): void {
    if (this.channel !== channel) return;
    for (let p = 0; p < this.options.partitions; p++) {
      channel.publish('', AMQP_TOPOLOGY.queue(p), Buffer.alloc(0), { headers: { [KIND]: 'tick' }, expiration: String(TICK_MS * 5) });
    }
  }

  /** New partitions held: once they settle, a probe for every registered device tells each holder which devices are its. */
  private scheduleProbes(): void {
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = setTimeout(() => {
      this.probeTimer = null;
      void this.probe().catch((err: Error) => this.logger.warn(`probe round: ${err.message}`));
    }, PROBE_DEBOUNCE_MS);
  }

  private async probe(): Promise<void> {
    const channel = this.channel;
    if (!channel) return;
    const ids = await this.options.deviceIds();
    for (const id of ids) {
      if (this.channel !== channel) return;
      const room = channel.publish(AMQP_TOPOLOGY.hashExchange, heartbeatRoutingKey(id), Buffer.alloc(0), { headers: { [KIND]: 'probe' }, expiration: '60000' });
      this.stats.probesSent++;
      if (!room) await new Promise((resolve) => channel.once('drain', resolve));
    }
    this.logger.log(`AMQP: probed ${ids.length} devices for partitions ${this.partitions.join(', ')}`);
  }

  /** The connection went: the queues' next consumers hold the partitions now, so this process lets go of every device. */
  private async lost(): Promise<void> {
    if (!this.channel) return;
    this.channel = null;
    this.connection = null;
    this.clearTimers();
    this.held.clear();
    this.ingest.linkLost();
    const released = await this.ingest.releaseAll();
    this.stats.released += released;
    this.logger.warn(`AMQP connection lost: let go of ${released} devices; reconnecting`);
    if (!this.stopped) this.connected = this.connectLoop();
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
  }
}
