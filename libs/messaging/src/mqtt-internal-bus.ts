import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { InternalBus } from '@vigil/application';
import { MqttConnection } from './mqtt-connection';

/**
 * One deployment's notices: processes sharing a database are one deployment, so the database's address
 * (hashed; it may hold a password) names the topic tree, and two installations on one broker never mix.
 */
function prefixFor(databaseUrl: string): string {
  return `vigil/internal/v1/${createHash('sha256').update(databaseUrl).digest('hex').slice(0, 12)}/`;
}

/** Notices between processes over the same broker the devices use; this process hears its own at once. */
@Injectable()
export class MqttInternalBus extends InternalBus implements OnModuleDestroy {
  private readonly logger = new Logger(MqttInternalBus.name);
  private readonly origin = randomUUID();
  private readonly handlers = new Map<string, Set<(body: unknown) => void>>();
  private readonly onMessage = (topic: string, payload: Buffer) => this.receive(topic, payload);

  private readonly prefix: string;

  constructor(private readonly connection: MqttConnection, @Inject(VIGIL_CONFIG) config: VigilConfig) {
    super();
    this.prefix = prefixFor(config.databaseUrl);
    connection.client.on('message', this.onMessage);
    const subscribe = () => connection.client.subscribe(`${this.prefix}#`, { qos: 0 });
    connection.client.on('connect', subscribe);
    if (connection.client.connected) subscribe();
  }

  publish(channel: string, body: unknown): void {
    this.deliver(channel, body);
    if (this.connection.client.connected) {
      this.connection.client.publish(`${this.prefix}${channel}`, JSON.stringify({ origin: this.origin, body }), { qos: 0 });
    }
  }

  subscribe(channel: string, handler: (body: unknown) => void): () => void {
    const set = this.handlers.get(channel) ?? new Set();
    set.add(handler);
    this.handlers.set(channel, set);
    return () => set.delete(handler);
  }

  onModuleDestroy(): void {
    this.connection.client.off('message', this.onMessage);
  }

  private receive(topic: string, payload: Buffer): void {
    if (!topic.startsWith(this.prefix)) return;
    try {
      const { origin, body } = JSON.parse(payload.toString('utf8')) as { origin: string; body: unknown };
      if (origin !== this.origin) this.deliver(topic.slice(this.prefix.length), body);
    } catch {
      this.logger.warn(`ignored a malformed internal notice on ${topic}`);
    }
  }

  private deliver(channel: string, body: unknown): void {
    for (const handler of this.handlers.get(channel) ?? []) {
      try {
        handler(body);
      } catch (err) {
        this.logger.error(`internal notice ${channel}: ${(err as Error).message}`);
      }
    }
  }
}
