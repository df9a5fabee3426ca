import type { AgentProtocol } from '@vigil/domain';

/** What the agent did since it started: logged every minute, served on /health and /metrics. */
export class AgentCounters {
  sent = 0;
  buffered = 0;
  readonly dropped = { overflow: 0, corrupt: 0, invalid: 0 };
  readonly readings = new Map<AgentProtocol, number>();
  readonly pollsFailed = new Map<AgentProtocol, number>();
  /** What sources dropped or refused beside failed polls, by reason. */
  readonly sourceEvents = new Map<string, number>();
  /** Seconds the device's clock was off the agent's at its last check (ONVIF), by device: no contract field carries it. */
  readonly clockDriftSec = new Map<string, number>();
  brokerConnected = false;

  countReading(p: AgentProtocol): void {
    this.readings.set(p, (this.readings.get(p) ?? 0) + 1);
  }

  countPollFailed(p: AgentProtocol): void {
    this.pollsFailed.set(p, (this.pollsFailed.get(p) ?? 0) + 1);
  }

  countSourceEvent(reason: string): void {
    this.sourceEvents.set(reason, (this.sourceEvents.get(reason) ?? 0) + 1);
  }

  snapshot(queued: number): Record<string, unknown> {
    return {
      brokerConnected: this.brokerConnected,
      sent: this.sent,
      buffered: this.buffered,
      queued,
      dropped: { ...this.dropped },
      readings: Object.fromEntries(this.readings),
      pollsFailed: Object.fromEntries(this.pollsFailed),
      sourceEvents: Object.fromEntries(this.sourceEvents),
    };
  }

  /** Prometheus text exposition. */
  prometheus(queued: number): string {
    const lines = [
      '# HELP vigil_agent_broker_connected 1 while the agent is connected to the broker.',
      '# TYPE vigil_agent_broker_connected gauge',
      `vigil_agent_broker_connected ${this.brokerConnected ? 1 : 0}`,
      '# HELP vigil_agent_heartbeats_sent_total Heartbeats the broker acknowledged.',
      '# TYPE vigil_agent_heartbeats_sent_total counter',
      `vigil_agent_heartbeats_sent_total ${this.sent}`,
      '# HELP vigil_agent_heartbeats_buffered_total Heartbeats kept on disk because the broker was unreachable.',
      '# TYPE vigil_agent_heartbeats_buffered_total counter',
      `vigil_agent_heartbeats_buffered_total ${this.buffered}`,
      '# HELP vigil_agent_queue_length Heartbeats waiting on disk.',
      '# TYPE vigil_agent_queue_length gauge',
      `vigil_agent_queue_length ${queued}`,
      '# HELP vigil_agent_heartbeats_dropped_total Heartbeats dropped, by reason.',
      '# TYPE vigil_agent_heartbeats_dropped_total counter',
      ...Object.entries(this.dropped).map(([r, n]) => `vigil_agent_heartbeats_dropped_total{reason="${r}"} ${n}`),
      '# HELP vigil_agent_readings_total Device readings, by protocol.',
      '# TYPE vigil_agent_readings_total counter',
      ...[...this.readings].map(([p, n]) => `vigil_agent_readings_total{protocol="${p}"} ${n}`),
      '# HELP vigil_agent_polls_failed_total Polls that got no answer, by protocol.',
      '# TYPE vigil_agent_polls_failed_total counter',
      ...[...this.pollsFailed].map(([p, n]) => `vigil_agent_polls_failed_total{protocol="${p}"} ${n}`),
      '# HELP vigil_agent_source_events_total What sources dropped or refused beside failed polls, by reason.',
      '# TYPE vigil_agent_source_events_total counter',
      ...[...this.sourceEvents].map(([r, n]) => `vigil_agent_source_events_total{reason="${r.replace(/["\\\n]/g, '_')}"} ${n}`),
      '# HELP vigil_agent_device_clock_drift_seconds How far a device clock was off the agent clock at its last check (positive: ahead).',
      '# TYPE vigil_agent_device_clock_drift_seconds gauge',
      ...[...this.clockDriftSec].map(([id, s]) => `vigil_agent_device_clock_drift_seconds{device="${id}"} ${s}`),
    ];
    return `${lines.join('\n')}\n`;
  }
}
