import { Injectable, Logger } from '@nestjs/common';
import { gatewayIdOfUsername, type AgentConfig, type AgentDevice, type DeviceType } from '@vigil/domain';
import { UnauthorizedError } from '../errors';
import { LoginThrottle } from '../identity/login-throttle';
import { ClockPort, DeviceManagementRepository, DeviceRepository, DiscoveredDeviceRepository, GatewayRepository } from '../ports';
import { GatewayAccessCache } from './gateway-access';
import { ManagementCipher } from './management-cipher';

export interface AgentDiscovery {
  id: string;
  type?: DeviceType;
  name?: string;
  parentId?: string;
}

/**
 * The edge agent's side ([15]): it logs in as its gateway (HTTP Basic with the gateway's broker login, throttled like user
 * logins) and reads the devices it watches with their credentials in clear, or reports devices it found.
 */
@Injectable()
export class AgentService {
  private readonly logger = new Logger(AgentService.name);

  constructor(
    private readonly gateways: GatewayRepository,
    private readonly devices: DeviceRepository,
    private readonly management: DeviceManagementRepository,
    private readonly discoveries: DiscoveredDeviceRepository,
    private readonly cipher: ManagementCipher,
    private readonly access: GatewayAccessCache,
    private readonly throttle: LoginThrottle,
    private readonly clock: ClockPort,
  ) {}

  /** The gateway an `Authorization: Basic base64(gw@{id}:{secret})` header logs in as; 401 otherwise, 429 after too many failures. */
  async authenticate(authorization: string | undefined, address: string): Promise<string> {
    const match = /^Basic ([A-Za-z0-9+/=]{1,1000})$/.exec(authorization ?? '');
    const text = match ? Buffer.from(match[1], 'base64').toString('utf8') : '';
    const colon = text.indexOf(':');
    const username = colon > 0 ? text.slice(0, colon) : '';
    const secret = colon > 0 ? text.slice(colon + 1) : '';
    const gatewayId = gatewayIdOfUsername(username);
    if (!gatewayId || !secret) throw new UnauthorizedError("a gateway login is needed: HTTP Basic with the gateway's user name (gw@{id}) and secret");
    const attempt = await this.throttle.attempt(username, address, () => this.access.verify(gatewayId, secret));
    if (!attempt.ok) throw new UnauthorizedError('wrong gateway user name or secret');
    return gatewayId;
  }

  /** The devices assigned to the gateway that have management fields, their credentials in clear. */
  async config(gatewayId: string): Promise<AgentConfig> {
    const ids = await this.gateways.deviceIds(gatewayId);
    const types = new Map((await this.devices.findByIds(ids)).map((d) => [d.id, d.type]));
    const devices: AgentDevice[] = [];
    for (const m of await this.management.findMany(ids)) {
      const type = types.get(m.deviceId);
      if (!type) continue;
      try {
        devices.push({
          deviceId: m.deviceId,
          type,
          protocol: m.protocol,
          address: m.address,
          credentials: await this.cipher.open(m.credentials),
          pollIntervalSec: m.pollIntervalSec,
        });
      } catch (err) {
        // a key that changed under the data: the device is left out (and said so), the others still work
        this.logger.error(`the management credentials of ${m.deviceId} cannot be opened (${(err as Error).message}); type them again`);
      }
    }
    devices.sort((a, b) => (a.deviceId < b.deviceId ? -1 : 1));
    return { gatewayId, devices };
  }

  /** Devices the agent found: those not in the register join the discovered list, the gateway named as their source. */
  async discovered(gatewayId: string, items: AgentDiscovery[]): Promise<{ recorded: number }> {
    const ids = [...new Set(items.map((i) => i.id))];
    const registered = new Set((await this.devices.findByIds(ids)).map((d) => d.id));
    const at = this.clock.now();
    const seen = new Map<string, AgentDiscovery>();
    for (const item of items) if (!registered.has(item.id)) seen.set(item.id, item);
    await this.discoveries.record([...seen.values()].map((item) => ({ id: item.id, firstSeenAt: at, lastSeenAt: at, messages: 1, lastTopic: describe(gatewayId, item) })));
    return { recorded: seen.size };
  }
}

/** Where the discovery came from and what the agent said of it, in the list's one text column (at most 200 characters). */
function describe(gatewayId: string, item: AgentDiscovery): string {
  const parts = [`agent gw@${gatewayId}`, item.type, item.name && JSON.stringify(item.name), item.parentId && `under ${item.parentId}`].filter(Boolean);
  return parts.join(' ').slice(0, 200);
}
