import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { Counter } from 'prom-client';
import { z } from 'zod';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { InternalBus } from '@vigil/application';
import { INTERNAL_TOPIC_ROOT } from '@vigil/domain';
import { Metrics } from '@vigil/observability';
import { INTERNAL_CHANNELS, isInternalChannel } from './internal-channels';
import { MqttConnection } from './mqtt-connection';

/**
 * One deployment's notices: processes sharing a database are one deployment, so the database's address
 * (hashed; it may hold a password) names the topic tree, and two installations on one broker never mix.
 */
export function internalTopicPrefix(databaseUrl: string): string {
  return `${INTERNAL_TOPIC_ROOT}v1/${createHash('sha256').update(databaseUrl).digest('hex').slice(0, 12)}/`;
}

const envelope = z.object({ origin: z.string().max(64), body: z.unknown() });

/**
 * The one relay of notices between processes, over the same broker the devices use (only the platform's
 * login may read or write their topics). This process hears its own at once, broker or not, and drops
 * their echo by its origin id, so each listener gets each notice once. A notice from elsewhere is checked
 * against its channel's schema; one that does not fit is counted in vigil_internal_dropped_total and dropped.
 */
@Injectable()
export class MqttInternalBus extends InternalBus implements OnModuleDestroy {
  private readonly logger = new Logger(MqttInternalBus.name);
  private readonly origin = randomUUID();
  private readonly handlers = new Map<string, Set<(body: unknown) => void>>();
  private readonly onMessage = (topic: string, payload: Buffer) => this.receive(topic, payload);
  private readonly dropped: Counter<'channel' | 'reason'>;
  private readonly lastWarned = new Map<string, number>();
  private readonly prefix: string;

  constructor(
    private readonly connection: MqttConnection,
    @Inject(VIGIL_CONFIG) config: VigilConfig,
    metrics: Metrics,
  ) {
    super();
    this.prefix = internalTopicPrefix(config.databaseUrl);
    this.dropped = metrics.counter('vigil_internal_dropped_total', 'Notices from other processes dropped as malformed, by channel and reason', ['channel', 'reason']);
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
    const name = topic.slice(this.prefix.length);
    // only known channel names become label values, so a flood of made-up names cannot grow the metric
    const channel = isInternalChannel(name) ? name : null;
    if (!channel) return this.drop('other', 'unknown-channel', topic);
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload.toString('utf8'));
    } catch {
      return this.drop(channel, 'not-json', topic);
    }
    const outer = envelope.safeParse(parsed);
    if (!outer.success) return this.drop(channel, 'bad-envelope', topic);
    if (outer.data.origin === this.origin) return;
    const body = INTERNAL_CHANNELS[channel].safeParse(outer.data.body);
    if (!body.success) return this.drop(channel, 'invalid', topic, body.error.issues[0]);
    this.deliver(channel, body.data);
  }

  private drop(channel: string, reason: string, topic: string, issue?: { path: PropertyKey[]; message: string }): void {
    this.dropped.inc({ channel, reason });
    // one line per channel and reason every 10 s: a flood is counted in full, not written to the log in full
    const key = `${channel}|${reason}`;
    if (Date.now() - (this.lastWarned.get(key) ?? 0) < 10_000) return;
    this.lastWarned.set(key, Date.now());
    const where = issue ? ` (${issue.path.join('.')}: ${issue.message})` : '';
    this.logger.warn(`dropped an internal notice on ${topic}: ${reason}${where}`);
  }

  private deliver(channel: string, body: unknown): void {
    for (const handler of this.handlers.get(channel) ?? []) {
      try {
        handler(body);
      } catch (err) {
        this.dropped.inc({ channel: isInternalChannel(channel) ? channel : 'other', reason: 'handler-error' });
        this.logger.error(`internal notice ${channel}: ${(err as Error).message}`);
      }
    }
  }
}
