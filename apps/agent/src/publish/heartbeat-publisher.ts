import type { MqttClient } from 'mqtt';
import type { AgentDevice } from '@vigil/domain';
import type { DeviceReading } from '../sources/health-source';
import type { AgentCounters } from './agent-counters';
import type { DiskQueue } from './disk-queue';
import { heartbeatOf } from './heartbeat';
import type { SeqStore } from './seq-store';

export interface PublisherOptions {
  /** A publish not acknowledged within this is retried later (from the queue). */
  ackTimeoutMs: number;
  /** How often a stalled queue is retried while connected. */
  retryMs: number;
}

/**
 * Turns readings into heartbeats and sends them in order, QoS 1. Every heartbeat goes through the disk queue and leaves it
 * only once the broker acknowledged it, so an outage or a restart loses nothing but what the bound drops.
 */
export class HeartbeatPublisher {
  private devices = new Map<string, AgentDevice>();
  private draining = false;
  private stopped = false;
  private readonly retry: NodeJS.Timeout;

  constructor(
    private readonly client: MqttClient,
    private readonly queue: DiskQueue,
    private readonly seqs: SeqStore,
    private readonly counters: AgentCounters,
    private readonly options: PublisherOptions,
  ) {
    client.on('connect', () => {
      counters.brokerConnected = true;
      void this.drain();
    });
    client.on('close', () => (counters.brokerConnected = false));
    this.retry = setInterval(() => void this.drain(), options.retryMs);
    this.retry.unref();
  }

  watch(devices: readonly AgentDevice[]): void {
    this.devices = new Map(devices.map((d) => [d.deviceId, d]));
  }

  publish(r: DeviceReading): void {
    // a poll that ends after the agent stopped: its queue is closed
    if (this.stopped) return;
    const device = this.devices.get(r.deviceId);
    if (!device) {
      this.counters.dropped.invalid += 1;
      return;
    }
    this.counters.countReading(device.protocol);
    const m = heartbeatOf(r, device.type, this.seqs.next(r.deviceId));
    if (!m) {
      this.counters.dropped.invalid += 1;
      return;
    }
    if (!this.client.connected) this.counters.buffered += 1;
    this.queue.push(m);
    void this.drain();
  }

  /** Sends what waits, oldest first, until the queue is empty or the broker stops acknowledging. */
  async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let m = this.queue.peek(); m && this.client.connected && !this.stopped; m = this.queue.peek()) {
        if (!(await this.send(m.topic, m.payload)) || this.stopped) return;
        this.queue.shift();
        this.counters.sent += 1;
      }
    } finally {
      this.draining = false;
    }
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.retry);
  }

  private async send(topic: string, payload: string): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.options.ackTimeoutMs)));
    const acked = this.client.publishAsync(topic, payload, { qos: 1 }).then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([acked, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
