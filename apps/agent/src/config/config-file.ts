import { readFile } from 'node:fs/promises';
import { parseAgentConfig, type AgentConfig } from '@vigil/domain';

export class AgentConfigError extends Error {}

/** An AgentConfig from parsed JSON, for this gateway; every problem listed with its path. */
export function checkedConfig(json: unknown, gatewayId: string, from: string, mode: 'strict' | 'lenient' = 'strict'): AgentConfig {
  const r = parseAgentConfig(json, mode);
  if (!r.ok) throw new AgentConfigError(`${from}: invalid agent config:\n  ${r.errors.map((e) => `${e.field}: ${e.message}`).join('\n  ')}`);
  if (r.config.gatewayId !== gatewayId) throw new AgentConfigError(`${from}: gatewayId is "${r.config.gatewayId}" but AGENT_GATEWAY_ID is "${gatewayId}"`);
  return r.config;
}

export async function loadConfigFile(path: string, gatewayId: string): Promise<AgentConfig> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new AgentConfigError(`${path}: cannot read it as JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  return checkedConfig(json, gatewayId, path);
}
