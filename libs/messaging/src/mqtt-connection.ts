import { Logger } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import { BrokerProbe } from '@vigil/application';
import { QUIET_MQTT_LOG, writeOncePerTurn } from './write-once-per-turn';

/** One MQTT client of this process; reconnects by itself and tells /health whether it is connected. */
export class MqttConnection extends BrokerProbe {
  private readonly logger = new Logger(MqttConnection.name);
  readonly client: MqttClient;

  constructor(
    readonly url: string,
    options: IClientOptions,
  ) {
    super();
    this.client = connect(url, { reconnectPeriod: 1000, connectTimeout: 5000, ...QUIET_MQTT_LOG, ...options });
    this.client.on('connect', () => {
      writeOncePerTurn(this.client.stream as unknown as Writable);
    });
    this.client.on('error', (err) => this.logger.warn(`MQTT ${url}: ${err.message}`));
    this.client.on('offline', () => this.logger.warn(`MQTT ${url}: disconnected, retrying`));
  }

  /** Waits for the first connection, but never longer than the timeout: start-up goes on and /health says 503. */
  async ready(timeoutMs = 5000): Promise<void> {
    if (this.client.connected) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.client.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  isConnected(): boolean {
    return this.client.connected;
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}
