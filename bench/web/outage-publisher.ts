import { connectAsync, type MqttClient } from 'mqtt';

const WINDOW = 1000;

/**
 * One MQTT connection for the outage and its end, which survives its own loss: a connection dropped under
 * load is made again and the messages not yet acknowledged are sent again (QoS 1, mqtt.js's outgoing store),
 * so a burst is never silently cut short. Counts the drops, which say something about the machine.
 */
export class OutagePublisher {
  drops = 0;
  private constructor(private readonly client: MqttClient) {
    client.on('close', () => {
      this.drops += 1;
    });
    // an error closes the connection, which comes back by itself
    client.on('error', () => undefined);
  }

  static async connect(url: string): Promise<OutagePublisher> {
    return new OutagePublisher(await connectAsync(url, { clientId: `vigil-bench-web-${process.pid}`, clean: true, reconnectPeriod: 1000, keepalive: 120 }));
  }

  /** Publishes every message with QoS 1, at most WINDOW awaiting their acknowledgement; resolves when all are acknowledged. */
  async publishAll(messages: Iterable<[string, string]>): Promise<void> {
    let inflight = 0;
    let failed: Error | null = null;
    let wake: (() => void) | null = null;
    const settled = () => {
      inflight -= 1;
      wake?.();
    };
    const room = (limit: number) =>
      new Promise<void>((resolve) => {
        wake = () => {
          if (inflight > limit) return;
          wake = null;
          resolve();
        };
        wake();
      });
    for (const [topic, payload] of messages) {
      if (inflight >= WINDOW) await room(WINDOW - 1);
      inflight += 1;
      this.client.publishAsync(topic, payload, { qos: 1 }).then(settled, (err: Error) => {
        failed = err;
        settled();
      });
    }
    await room(0);
    if (failed) throw failed;
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}
