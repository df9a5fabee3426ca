import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { parseDeviceTopic } from '@vigil/domain';
import { EMBEDDED_BROKER, PLATFORM_MQTT_LOGIN, type EmbeddedBroker, type MqttLogin } from '@vigil/messaging';
import type { TestPlatform } from './test-platform';

/** The broker a test platform uses: its embedded one, or the external MQTT_URL (without the platform's login in it). */
export function brokerUrlOf(platform: TestPlatform): string {
  if (!platform.env.MQTT_URL) return platform.app.get<EmbeddedBroker>(EMBEDDED_BROKER).url;
  const url = new URL(platform.env.MQTT_URL);
  Object.assign(url, { username: '', password: '' });
  return url.toString().replace(/\/$/, '');
}

/** The platform's broker address with its own login in it, as another process of the same install would use it. */
export function platformBrokerUrl(platform: TestPlatform): string {
  const login = platform.app.get<MqttLogin | null>(PLATFORM_MQTT_LOGIN);
  const url = new URL(brokerUrlOf(platform));
  if (login) Object.assign(url, { username: encodeURIComponent(login.username), password: encodeURIComponent(login.password) });
  return url.toString();
}

/** Issues (rotates) a device's secret over REST, as an installer would: its MQTT login. */
export async function issueSecret(platform: TestPlatform, deviceId: string, token?: string): Promise<{ username: string; password: string }> {
  const res = await platform.http.post(`/api/devices/${deviceId}/mqtt-secret`).set('Authorization', `Bearer ${token ?? (await platform.login())}`);
  if (res.status !== 201) throw new Error(`issuing the secret of ${deviceId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A device's side of MQTT, as a DVR or camera would publish. */
export class DeviceClient {
  private seq = 0;
  private constructor(readonly client: MqttClient) {}

  /** Without a login: only a broker under the lab switch (VIGIL_MQTT_AUTH=off) or one that takes anonymous clients lets it in. */
  static async connect(url: string, options: IClientOptions = {}): Promise<DeviceClient> {
    return new DeviceClient(await connectAsync(url, { reconnectPeriod: 0, ...options }));
  }

  /** Connects as this device with a secret issued for it over REST. */
  static async asDevice(platform: TestPlatform, deviceId: string, token?: string): Promise<DeviceClient> {
    return DeviceClient.connect(brokerUrlOf(platform), await issueSecret(platform, deviceId, token));
  }

  heartbeat(deviceId: string, body: Record<string, unknown> = {}): Promise<unknown> {
    this.seq += 1;
    const payload = JSON.stringify({ ts: new Date().toISOString(), seq: this.seq, ...body });
    return this.client.publishAsync(`vigil/v1/devices/${deviceId}/heartbeat`, payload, { qos: 1 });
  }

  raw(topic: string, payload: string | Buffer, options: { retain?: boolean } = {}): Promise<unknown> {
    return this.client.publishAsync(topic, payload, { qos: 1, ...options });
  }

  close(): Promise<void> {
    return this.client.endAsync();
  }
}

/**
 * Many devices publishing, each as itself: one connection per device with its own secret (issued over REST on
 * first use); or, on a platform started with the lab switch (VIGIL_MQTT_AUTH=off), one anonymous connection for all.
 */
export class DeviceFleet {
  private readonly clients = new Map<string, Promise<DeviceClient>>();
  private constructor(
    private readonly platform: TestPlatform,
    private readonly token: string | null,
  ) {}

  static async connect(platform: TestPlatform): Promise<DeviceFleet> {
    const lab = platform.env.VIGIL_MQTT_AUTH === 'off';
    return new DeviceFleet(platform, lab ? null : await platform.login());
  }

  async heartbeat(deviceId: string, body: Record<string, unknown> = {}): Promise<unknown> {
    return (await this.clientOf(deviceId)).heartbeat(deviceId, body);
  }

  /** Publishes as the device the topic names (or, under the lab switch, anonymously: any topic). */
  async raw(topic: string, payload: string | Buffer, options: { retain?: boolean } = {}): Promise<unknown> {
    const parsed = parseDeviceTopic(topic);
    if (this.token && !parsed.ok) throw new Error(`no device can publish to ${topic} on a broker that checks logins`);
    return (await this.clientOf(parsed.ok ? parsed.deviceId : '')).raw(topic, payload, options);
  }

  /** Drops a device's connection (the next message opens a new one, with a new secret). */
  async disconnect(deviceId: string): Promise<void> {
    const client = this.clients.get(this.token ? deviceId : '');
    this.clients.delete(this.token ? deviceId : '');
    await (await client)?.close();
  }

  async close(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(all.map(async (c) => (await c.catch(() => null))?.close()));
  }

  private clientOf(deviceId: string): Promise<DeviceClient> {
    const key = this.token ? deviceId : '';
    let client = this.clients.get(key);
    if (!client) {
      client = this.token ? DeviceClient.asDevice(this.platform, deviceId, this.token) : DeviceClient.connect(brokerUrlOf(this.platform));
      this.clients.set(key, client);
      client.catch(() => this.clients.delete(key));
    }
    return client;
  }
}

/** What the broker granted each filter (128: refused); mqtt.js rejects a subscribe with any refusal, this answers the codes. */
export async function grantedQos(client: MqttClient, filters: string[]): Promise<number[]> {
  try {
    return (await client.subscribeAsync(filters, { qos: 0 })).map((g) => g.qos);
  } catch (err) {
    const granted = (err as { packet?: { granted?: (number | object)[] } }).packet?.granted;
    if (!granted) throw err;
    return granted.map((g) => (typeof g === 'number' ? g : (g as { qos: number }).qos));
  }
}
