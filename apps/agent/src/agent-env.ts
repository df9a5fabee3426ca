import { gatewayUsername } from '@vigil/domain';

/** The agent's environment, checked once at start: a wrong value names its variable (main exits 2). */
export interface AgentEnv {
  mqttUrl: string;
  gatewayId: string;
  mqttUsername: string;
  gatewaySecret: string;
  config: { kind: 'platform'; url: string; refreshSec: number } | { kind: 'file'; path: string };
  bufferDir: string;
  bufferMax: number;
  httpPort: number;
  maxInFlight: number;
}

export class AgentEnvError extends Error {}

const GATEWAY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const MQTT_URL = /^(mqtts?|wss?|tcp):\/\/[^\s/]+\/?$/;
const HTTP_URL = /^https?:\/\/[^\s]+$/;

type Env = Record<string, string | undefined>;

export function readAgentEnv(env: Env): AgentEnv {
  const problems: string[] = [];
  const text = (name: string, pattern: RegExp | null, rule: string, fallback?: string): string => {
    const v = env[name]?.trim() || fallback;
    if (v === undefined) problems.push(`${name} is required (${rule})`);
    else if (pattern && !pattern.test(v)) problems.push(`${name} must be ${rule} (got "${v}")`);
    return v ?? '';
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
    return n;
  };

  const mqttUrl = text('AGENT_MQTT_URL', MQTT_URL, 'a broker address like mqtt://10.0.0.1:1883');
  const gatewayId = text('AGENT_GATEWAY_ID', GATEWAY_ID, '1-64 of A-Z a-z 0-9 . _ -');
  const gatewaySecret = env.AGENT_GATEWAY_SECRET ?? '';
  if (gatewaySecret === '') problems.push('AGENT_GATEWAY_SECRET is required (the gateway secret the platform issued)');
  const mqttUsername = env.AGENT_MQTT_USERNAME?.trim() || gatewayUsername(gatewayId);
  const platformUrl = env.AGENT_PLATFORM_URL?.trim();
  const configFile = env.AGENT_CONFIG_FILE?.trim();
  const refreshSec = integer('AGENT_CONFIG_REFRESH_SEC', 300, 1, 86_400);
  if (platformUrl && configFile) problems.push('AGENT_PLATFORM_URL and AGENT_CONFIG_FILE: set one of them, not both');
  if (!platformUrl && !configFile) problems.push('AGENT_PLATFORM_URL or AGENT_CONFIG_FILE is required (where the agent reads what to watch)');
  if (platformUrl && !HTTP_URL.test(platformUrl)) problems.push(`AGENT_PLATFORM_URL must be an http(s) address like https://vigil.example.com (got "${platformUrl}")`);
  const bufferDir = env.AGENT_BUFFER_DIR?.trim() || './agent-buffer';
  const bufferMax = integer('AGENT_BUFFER_MAX', 100_000, 1, 10_000_000);
  const httpPort = integer('AGENT_HTTP_PORT', 9464, 0, 65_535);
  const maxInFlight = integer('AGENT_MAX_IN_FLIGHT', 16, 1, 1000);
  if (problems.length > 0) throw new AgentEnvError(`Invalid agent configuration:\n  ${problems.join('\n  ')}`);
  return {
    mqttUrl,
    gatewayId,
    mqttUsername,
    gatewaySecret,
    config: platformUrl ? { kind: 'platform', url: platformUrl.replace(/\/+$/, ''), refreshSec } : { kind: 'file', path: configFile! },
    bufferDir,
    bufferMax,
    httpPort,
    maxInFlight,
  };
}
