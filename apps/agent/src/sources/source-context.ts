import type { AgentProtocol } from '@vigil/domain';

/** What a source may use of the agent beside its sink: a log, a way to count what failed, and the clock. */
export interface SourceContext {
  log(message: string): void;
  /** A poll got no usable answer (timeout, refused, nonsense): counted per protocol, never thrown. */
  pollFailed(protocol: AgentProtocol, deviceId: string, reason: string): void;
  /** Seconds a device's clock is off the agent's (positive: ahead), when a protocol tells it. No contract field: logged and exposed on /metrics. */
  clockDrift(deviceId: string, seconds: number): void;
  now(): Date;
  /** Anything else a source drops or refuses, by reason (`gb28181.bad-message`, `isapi.timeout`): on /metrics. */
  count(reason: string): void;
}
