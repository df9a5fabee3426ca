import { connectAsync, type MqttClient } from 'mqtt';
import { EMBEDDED_BROKER, type EmbeddedBroker } from '@vigil/messaging';
import type { TestPlatform } from './test-platform';

/** The broker a test platform uses: its embedded one, or the external MQTT_URL. */
export function brokerUrlOf(platform: TestPlatform): string {
  return platform.env.MQTT_URL ?? platform.app.get<EmbeddedBroker>(EMBEDDED_BROKER).url;
}

/** A device's side of MQTT, as a DVR or camera would publish. */
export class DeviceClient {
  private seq = 0;
  private constructor(readonly client: MqttClient) {}

  static async connect(url: string): Promise<DeviceClient> {
    return new DeviceClient(await connectAsync(url, { reconnectPeriod: 0 }));
  }

  heartbeat(deviceId: string, body: Record<string, unknown> = {}): Promise<unknown> {
    this.seq += 1;
    const payload = JSON.stringify({ ts: new Date().toISOString(), seq: this.seq, ...body });
    return this.client.publishAsync(`vigil/v1/devices/${deviceId}/heartbeat`, payload, { qos: 1 });
  }

  raw(topic: string, payload: string | Buffer): Promise<unknown> {
    return this.client.publishAsync(topic, payload, { qos: 1 });
  }

  close(): Promise<void> {
    return this.client.endAsync();
  }
}
