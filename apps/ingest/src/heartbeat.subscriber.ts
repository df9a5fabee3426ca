import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { connect, type MqttClient } from 'mqtt';
import type { Subscription } from 'rxjs';
import { AssetChanges, IngestService, IngestSnapshots } from '@vigil/application';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { DEVICE_TOPIC_FILTERS } from '@vigil/domain';
import { EMBEDDED_BROKER, PLATFORM_MQTT_LOGIN, ACK_HOLD_MS, QUIET_MQTT_LOG, writeOncePerTurn, type EmbeddedBroker, type MqttLogin } from '@vigil/messaging';
import { AmqpPartitionSource } from './amqp/amqp-partition-source';

/**
 * The MQTT edge of ingest: QoS 1 on a persistent session, so what the broker queued while ingest was
 * away arrives when it is back; with MQTT_SHARED_GROUP several ingest processes split the devices.
 */
@Injectable()
export class HeartbeatSubscriber implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HeartbeatSubscriber.name);
  private client: MqttClient | null = null;
  private changes: Subscription | null = null;
  /** INGEST_SOURCE=amqp: partitioned ingest on RabbitMQ instead of this process's own MQTT subscription. */
  private amqp: AmqpPartitionSource | null = null;

  constructor(
    private readonly ingest: IngestService,
    private readonly snapshots: IngestSnapshots,
    private readonly assets: AssetChanges,
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    @Inject(EMBEDDED_BROKER) private readonly broker: EmbeddedBroker | null,
    @Inject(PLATFORM_MQTT_LOGIN) private readonly login: MqttLogin | null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ingest.start();
    await this.snapshots.start();
    this.changes = this.assets.changed$.subscribe((ids) => void this.ingest.refresh(ids));
    const source = this.config.ingestSource;
    if (source?.kind === 'amqp') {
      this.amqp = new AmqpPartitionSource(this.ingest, { ...source, deviceIds: () => this.ingest.registeredIds() });
      return this.amqp.start();
    }
    const group = this.config.mqtt.sharedGroup;
    const filters = DEVICE_TOPIC_FILTERS.map((f) => (group ? `$share/${group}/${f}` : f));
    const client = connect(this.config.mqtt.url ?? this.broker!.url, {
      clientId: `${this.config.mqtt.clientId}-ingest`,
      clean: false,
      reconnectPeriod: 1000,
      ...QUIET_MQTT_LOG,
      ...this.login,
    });
    // the QoS 1 acknowledgements it owes go out together (held up to 5 ms while few wait), not one write per message
    client.on('connect', () => writeOncePerTurn(client.stream as unknown as Writable, ACK_HOLD_MS));
    client.on('message', (topic, payload, packet) => this.ingest.handle(topic, payload, undefined, packet.retain));
    client.on('error', (err) => this.logger.warn(`ingest MQTT: ${err.message}`));
    client.on('offline', () => this.ingest.linkLost());
    client.on('connect', () => this.ingest.linkRestored());
    this.client = client;
    // A resumed session keeps its subscriptions; subscribing again on every connect is harmless.
    const subscribed = new Promise<void>((resolve) => {
      client.on('connect', () =>
        client.subscribe(filters, { qos: 1 }, (err) => {
          if (err) this.logger.error(`subscribe failed: ${err.message}`);
          resolve();
        }),
      );
    });
    // Start-up goes on without a broker; /health reports it and the client keeps retrying.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([subscribed, new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
    clearTimeout(timer);
  }

  /** INGEST_SOURCE=amqp: the partitions this process holds and its counters; null otherwise. */
  get partitionSource(): AmqpPartitionSource | null {
    return this.amqp;
  }

  async onApplicationShutdown(): Promise<void> {
    this.changes?.unsubscribe();
    await this.snapshots.stop();
    await this.amqp?.stop();
    await this.client?.endAsync();
    await this.ingest.stop();
  }
}
