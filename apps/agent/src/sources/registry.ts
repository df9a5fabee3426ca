import type { AgentProtocol } from '@vigil/domain';
import type { HealthSource } from './health-source';
import { OnvifSource } from './onvif/onvif.source';
import { SnmpSource } from './snmp/snmp.source';
import type { SourceContext } from './source-context';

export interface SourceSettings {
  /** Polls at once per source. */
  maxInFlight: number;
}

/** Makes one protocol's source; the agent makes each once and starts it with that protocol's devices. */
export type HealthSourceFactory = (ctx: SourceContext, settings: SourceSettings) => HealthSource;

/**
 * Protocol → source. A protocol missing here is logged and its devices skipped.
 * gb28181 and isapi: their sources (sources/gb28181/, sources/isapi/) add their entries below this line's two.
 */
export const SOURCE_FACTORIES: Partial<Record<AgentProtocol, HealthSourceFactory>> = {
  snmp: (ctx, s) => new SnmpSource(ctx, { maxInFlight: s.maxInFlight, timeoutMs: 5000 }),
  onvif: (ctx, s) => new OnvifSource(ctx, { maxInFlight: s.maxInFlight, timeoutMs: 5000 }),
};
