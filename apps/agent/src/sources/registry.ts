import type { AgentProtocol } from '@vigil/domain';
import { createGb28181Source, readGb28181Config } from './gb28181';
import type { HealthSource } from './health-source';
import { createIsapiSource, readIsapiConfig } from './isapi';
import { OnvifSource } from './onvif/onvif.source';
import { SnmpSource } from './snmp/snmp.source';
import type { SourceContext } from './source-context';

export interface SourceSettings {
  /** Polls at once per source. */
  maxInFlight: number;
  /** The agent's environment, for a protocol's own variables (read only when devices of that protocol are configured). */
  env: NodeJS.ProcessEnv;
}

/** Makes one protocol's source; the agent makes each once and starts it with that protocol's devices. */
export type HealthSourceFactory = (ctx: SourceContext, settings: SourceSettings) => HealthSource;

/**
 * Protocol → source. A protocol missing here is logged and its devices skipped. A factory that throws (a protocol's own
 * variable wrong, e.g. AGENT_SIP_ID missing while gb28181 devices are configured) stops the agent at start with exit 2,
 * or skips that protocol on a later config change.
 */
export const SOURCE_FACTORIES: Partial<Record<AgentProtocol, HealthSourceFactory>> = {
  snmp: (ctx, s) => new SnmpSource(ctx, { maxInFlight: s.maxInFlight, timeoutMs: 5000 }),
  onvif: (ctx, s) => new OnvifSource(ctx, { maxInFlight: s.maxInFlight, timeoutMs: 5000 }),
  gb28181: (ctx, s) => createGb28181Source({ ...readGb28181Config(s.env), clock: ctx.now, counters: ctx }),
  isapi: (ctx, s) => createIsapiSource({ ...readIsapiConfig(s.env), clock: ctx.now, counters: ctx }),
};
