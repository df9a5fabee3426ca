import type { AgentConfig } from '@vigil/domain';
import type { DiscoveredEquipment } from '../sources/health-source';
import { AgentConfigError, checkedConfig } from './config-file';

/** `GET {url}/api/agent/config` as the gateway (HTTP Basic). */
export async function fetchPlatformConfig(url: string, username: string, secret: string, gatewayId: string, timeoutMs = 15_000): Promise<AgentConfig> {
  const address = `${url}/api/agent/config`;
  const res = await fetch(address, {
    headers: { authorization: basic(username, secret), accept: 'application/json' },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new AgentConfigError(`${address}: answered ${res.status}`);
  return checkedConfig(await res.json(), gatewayId, address, 'lenient');
}

/** `POST {url}/api/agent/discovered`: equipment a protocol found, for the platform to offer for registration. */
export async function postDiscovered(url: string, username: string, secret: string, items: DiscoveredEquipment[], timeoutMs = 15_000): Promise<void> {
  const address = `${url}/api/agent/discovered`;
  const res = await fetch(address, {
    method: 'POST',
    headers: { authorization: basic(username, secret), 'content-type': 'application/json' },
    body: JSON.stringify({ items }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new AgentConfigError(`${address}: answered ${res.status}`);
}

const basic = (username: string, secret: string): string => `Basic ${Buffer.from(`${username}:${secret}`).toString('base64')}`;
