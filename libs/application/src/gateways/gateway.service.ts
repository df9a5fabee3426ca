import { Injectable } from '@nestjs/common';
import { gatewayUsername, MAX_GATEWAY_DEVICES, type Actor, type Gateway } from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { ConflictError, InputError, NotFoundError, UnavailableError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import { BrokerCredentials, ClockPort, DeviceRepository, GatewayRepository, SiteRepository, TransactionRunner } from '../ports';
import { generateDeviceSecret, hashDeviceSecret } from '../devices/device-secret';
import { GatewayAccessCache } from './gateway-access';

export interface GatewayView extends Gateway {
  username: string;
  deviceIds: string[];
}

/**
 * Gateways ([15]): edge agents and video-quality servers, scoped by their site like devices. Their broker login is issued
 * like a device's (shown once, stored hashed, a rotation ends the old sessions); the devices assigned to one are all it
 * may publish for, and a change reaches the broker in the same step.
 */
@Injectable()
export class GatewayService {
  constructor(
    private readonly gateways: GatewayRepository,
    private readonly devices: DeviceRepository,
    private readonly sites: SiteRepository,
    private readonly broker: BrokerCredentials,
    private readonly cache: GatewayAccessCache,
    private readonly access: AccessPolicy,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly clock: ClockPort,
  ) {}

  async create(actor: Actor, input: { id: string; name: string; siteId: string }): Promise<GatewayView> {
    await this.access.require(actor, 'gateway.write');
    if (!(await this.sites.findById(input.siteId))) throw new InputError('siteId', `no site ${input.siteId}`);
    await this.access.requireSite(actor, 'gateway.write', input.siteId, 'site', input.siteId);
    if (await this.gateways.findById(input.id)) throw new ConflictError(`gateway ${input.id} exists`);
    const now = this.clock.now();
    const gateway: Gateway = { id: input.id, name: input.name, siteId: input.siteId, createdAt: now, updatedAt: now };
    await this.tx.run(async () => {
      await this.gateways.insert(gateway);
      await this.audit.record(actor, 'create', 'gateway', gateway.id, null, gateway);
    });
    return { ...gateway, username: gatewayUsername(gateway.id), deviceIds: [] };
  }

  async list(actor: Actor): Promise<{ items: GatewayView[]; total: number }> {
    const sites = await this.access.siteFilter(actor, 'gateway.read');
    const items = await Promise.all((await this.gateways.list(sites)).map((g) => this.view(g)));
    return { items, total: items.length };
  }

  async get(actor: Actor, id: string): Promise<GatewayView> {
    return this.view(await this.requireGateway(actor, 'gateway.read', id));
  }

  async update(actor: Actor, id: string, change: { name?: string }): Promise<GatewayView> {
    const before = await this.requireGateway(actor, 'gateway.write', id);
    const after: Gateway = { ...before, ...(change.name !== undefined && { name: change.name }), updatedAt: this.clock.now() };
    await this.tx.run(async () => {
      await this.gateways.update(after);
      await this.audit.record(actor, 'update', 'gateway', id, before, after);
    });
    return this.view(after);
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const gateway = await this.requireGateway(actor, 'gateway.write', id);
    await this.tx.run(async () => {
      await this.gateways.delete(id);
      await this.audit.record(actor, 'delete', 'gateway', id, gateway, null);
      await this.tell(() => this.broker.removeGateway(id), [id]);
    });
  }

  /** The gateway's devices become exactly these: each visible to the actor and at the gateway's site (taken from any other gateway). */
  async assign(actor: Actor, id: string, deviceIds: string[]): Promise<GatewayView> {
    const gateway = await this.requireGateway(actor, 'gateway.write', id);
    const ids = [...new Set(deviceIds)];
    if (ids.length > MAX_GATEWAY_DEVICES) throw new InputError('deviceIds', `at most ${MAX_GATEWAY_DEVICES} devices per gateway`);
    const found = new Map((await this.devices.findByIds(ids)).map((d) => [d.id, d]));
    const allowed = await this.access.siteFilter(actor, 'gateway.write');
    const inside = allowed && new Set(allowed);
    for (const deviceId of ids) {
      const device = found.get(deviceId);
      if (!device) throw new NotFoundError('device', deviceId);
      if (inside && !inside.has(device.siteId)) await this.access.outside(actor, 'gateway.write', 'device', deviceId);
      if (device.siteId !== gateway.siteId) throw new InputError('deviceIds', `device ${deviceId} is not at the gateway's site ${gateway.siteId}`);
    }
    const before = await this.gateways.deviceIds(id);
    const previous = await this.gateways.gatewaysOf(ids);
    // a device taken from another gateway leaves that gateway's rights too
    const others = [...new Set([...previous.values()].filter((g) => g !== id))];
    await this.tx.run(async () => {
      const othersBefore = await Promise.all(others.map(async (other) => ({ other, before: await this.gateways.deviceIds(other) })));
      await this.gateways.assign(id, ids);
      await this.audit.record(actor, 'assign-devices', 'gateway', id, { deviceIds: before }, { deviceIds: ids });
      for (const { other, before: was } of othersBefore) {
        const now = await this.gateways.deviceIds(other);
        await this.tell(() => this.broker.setGateway({ gatewayId: other, secret: null, deviceIds: now, previousDeviceIds: was }), [other]);
      }
      await this.tell(() => this.broker.setGateway({ gatewayId: id, secret: null, deviceIds: ids, previousDeviceIds: before }), [id]);
    });
    return { ...gateway, username: gatewayUsername(id), deviceIds: ids };
  }

  /** Issues (rotates) the gateway's broker secret: {username, password}, shown once; the old one's sessions end. */
  async issueSecret(actor: Actor, id: string): Promise<{ username: string; password: string }> {
    await this.requireGateway(actor, 'gateway.write', id);
    const password = generateDeviceSecret();
    const issuedAt = this.clock.now();
    await this.tx.run(async () => {
      const rotated = (await this.gateways.findAccess(id))?.hash != null;
      await this.gateways.putSecret(id, hashDeviceSecret(password), issuedAt);
      await this.audit.record(actor, 'issue-mqtt-secret', 'gateway', id, null, { issuedAt: issuedAt.toISOString(), rotated });
      const deviceIds = await this.gateways.deviceIds(id);
      await this.tell(() => this.broker.setGateway({ gatewayId: id, secret: password, deviceIds, previousDeviceIds: deviceIds }), [id]);
    });
    return { username: gatewayUsername(id), password };
  }

  private async tell(step: () => Promise<void>, gatewayIds: string[]): Promise<void> {
    try {
      await step();
    } catch (err) {
      throw new UnavailableError(`the broker did not take the gateway's change (${(err as Error).message}); nothing was changed, try again`);
    }
    // this process's cache at once (the notice reaches the others, and this one again, a moment later)
    this.tx.afterCommit(() => this.cache.forget(gatewayIds));
  }

  private async requireGateway(actor: Actor, permission: 'gateway.read' | 'gateway.write', id: string): Promise<Gateway> {
    await this.access.require(actor, permission);
    const gateway = await this.gateways.findById(id);
    if (!gateway) throw new NotFoundError('gateway', id);
    await this.access.requireSite(actor, permission, gateway.siteId, 'gateway', id);
    return gateway;
  }

  private async view(gateway: Gateway): Promise<GatewayView> {
    return { ...gateway, username: gatewayUsername(gateway.id), deviceIds: await this.gateways.deviceIds(gateway.id) };
  }
}
