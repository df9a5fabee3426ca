import { connectAsync, type MqttClient } from 'mqtt';

const MAX_INFLIGHT_PER_CONNECTION = 2000;

/** Several MQTT connections publishing round-robin, with a bound on unacknowledged QoS 1 messages. */
export class Publisher {
  private next = 0;
  private inflight = 0;
  sent = 0;
  acked = 0;
  errors = 0;

  private constructor(
    private readonly clients: MqttClient[],
    private readonly qos: 0 | 1,
  ) {}

  static async connect(url: string, connections: number, qos: 0 | 1 = 1): Promise<Publisher> {
    const clients = await Promise.all(
      Array.from({ length: connections }, (_, k) => connectAsync(url, { clientId: `vigil-bench-pub-${process.pid}-${k}`, clean: true, reconnectPeriod: 0 })),
    );
    return new Publisher(clients, qos);
  }

  /** False when too many messages await their acknowledgement: the caller should wait a tick. */
  canPublish(): boolean {
    return this.inflight < MAX_INFLIGHT_PER_CONNECTION * this.clients.length;
  }

  publish(topic: string, payload: string, onAck?: () => void): void {
    const client = this.clients[this.next];
    this.next = (this.next + 1) % this.clients.length;
    this.inflight += 1;
    this.sent += 1;
    client.publish(topic, payload, { qos: this.qos }, (err) => {
      this.inflight -= 1;
      if (err) this.errors += 1;
      else this.acked += 1;
      onAck?.();
    });
  }

  async drain(timeoutMs = 60_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (this.inflight > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.endAsync()));
  }
}
