import { isGbDomain, isGbId } from './gb-id';

/** Where the agent's SIP server listens and who it is in GB/T 28181 terms. */
export interface Gb28181ServerConfig {
  /** The agent's own 20-digit SIP id (the 'SIP server id' devices are configured with). */
  sipId: string;
  /** The 10-digit SIP domain, also the digest realm. */
  domain: string;
  /** UDP and TCP port; 5060 by default. */
  port: number;
  /** Address to bind; all interfaces by default. */
  host?: string;
  /** Address written in Via of what the agent sends (a device answers there); the bound host by default. */
  publicAddress?: string;
  /** How long an alarm holds its condition (no GB/T 28181-2016 message clears one); 600 s by default. */
  alarmHoldSec?: number;
}

const DEFAULT_PORT = 5060;

/**
 * Reads AGENT_SIP_ID, AGENT_SIP_DOMAIN (default: the id's first ten digits), AGENT_SIP_PORT, AGENT_SIP_HOST and
 * AGENT_SIP_PUBLIC_ADDRESS and AGENT_SIP_ALARM_HOLD_SEC; throws naming the variable.
 */
export function readGb28181Config(env: NodeJS.ProcessEnv): Gb28181ServerConfig {
  const sipId = env.AGENT_SIP_ID ?? '';
  if (!isGbId(sipId)) throw new Error('AGENT_SIP_ID must be a 20-digit GB/T 28181 id');
  const domain = env.AGENT_SIP_DOMAIN ?? sipId.slice(0, 10);
  if (!isGbDomain(domain)) throw new Error('AGENT_SIP_DOMAIN must be 10 digits');
  const port = env.AGENT_SIP_PORT === undefined ? DEFAULT_PORT : Number(env.AGENT_SIP_PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error('AGENT_SIP_PORT must be a port number (1–65535)');
  const config: Gb28181ServerConfig = { sipId, domain, port };
  if (env.AGENT_SIP_HOST) config.host = env.AGENT_SIP_HOST;
  if (env.AGENT_SIP_PUBLIC_ADDRESS) config.publicAddress = env.AGENT_SIP_PUBLIC_ADDRESS;
  if (env.AGENT_SIP_ALARM_HOLD_SEC !== undefined) {
    const hold = Number(env.AGENT_SIP_ALARM_HOLD_SEC);
    if (!Number.isInteger(hold) || hold < 1) throw new Error('AGENT_SIP_ALARM_HOLD_SEC must be a whole number of seconds (at least 1)');
    config.alarmHoldSec = hold;
  }
  return config;
}
