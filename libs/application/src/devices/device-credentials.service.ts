import { Injectable } from '@nestjs/common';
import type { Actor, DeviceLogin } from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { InputError, NotFoundError, UnavailableError } from '../errors';
import { requireDevice } from '../assets/device-access';
import { AccessPolicy } from '../identity/access-policy';
import { BrokerCredentials, ClockPort, DeviceRepository, DeviceSecretRepository, SiteRepository, TransactionRunner } from '../ports';
import { generateDeviceSecret, hashDeviceSecret } from './device-secret';

/** Which devices get new secrets: listed ones, or a site's; missingOnly leaves devices that have one alone. */
export interface SecretSelection {
  deviceIds?: string[];
  siteId?: string;
  missingOnly?: boolean;
}

/**
 * Device MQTT secrets: issued or rotated (the old one stops working), shown once, kept as hashes, and pushed
 * to the broker in the same step: if the broker refuses them, nothing is stored and the call may be repeated.
 */
@Injectable()
export class DeviceCredentialsService {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly sites: SiteRepository,
    private readonly secrets: DeviceSecretRepository,
    private readonly broker: BrokerCredentials,
    private readonly access: AccessPolicy,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly clock: ClockPort,
  ) {}

  async issue(actor: Actor, deviceId: string): Promise<{ username: string; password: string }> {
    const device = await requireDevice(this.access, this.devices, actor, 'device.credentials', deviceId);
    const [login] = await this.storeFor(actor, [device.id]);
    return { username: login.username, password: login.password };
  }

  async issueMany(actor: Actor, selection: SecretSelection): Promise<DeviceLogin[]> {
    await this.access.require(actor, 'device.credentials');
    if (selection.siteId !== undefined && selection.deviceIds !== undefined) throw new InputError('siteId', 'give deviceIds or siteId, not both');
    let ids = selection.siteId !== undefined ? await this.devicesOfSite(actor, selection.siteId) : await this.listedDevices(actor, selection.deviceIds ?? []);
    if (selection.missingOnly) {
      const have = await this.secrets.withSecret(ids);
      ids = ids.filter((id) => !have.has(id));
    }
    return this.storeFor(actor, ids);
  }

  private async devicesOfSite(actor: Actor, siteId: string): Promise<string[]> {
    if (!(await this.sites.findById(siteId))) throw new NotFoundError('site', siteId);
    await this.access.requireSite(actor, 'device.credentials', siteId, 'site', siteId);
    return (await this.devices.list({ siteId }, {})).items.map((d) => d.id);
  }

  private async listedDevices(actor: Actor, deviceIds: string[]): Promise<string[]> {
    const ids = [...new Set(deviceIds)];
    const found = new Map((await this.devices.findByIds(ids)).map((d) => [d.id, d]));
    // the scope's sites read once for the whole list (up to 10,000 ids), not once per device
    const allowed = await this.access.siteFilter(actor, 'device.credentials');
    const inside = allowed && new Set(allowed);
    for (const id of ids) {
      const device = found.get(id);
      if (!device) throw new NotFoundError('device', id);
      if (inside && !inside.has(device.siteId)) await this.access.outside(actor, 'device.credentials', 'device', id);
    }
    return ids;
  }

  /** Issues (or rotates) the secrets of these ids, for a caller that checked who may (a loaner unit's secret is kept by its id even while it is in store). */
  async storeFor(actor: Actor, ids: string[]): Promise<DeviceLogin[]> {
    if (ids.length === 0) return [];
    const logins = ids.map((id) => ({ deviceId: id, username: id, password: generateDeviceSecret() }));
    const issuedAt = this.clock.now();
    await this.tx.run(async () => {
      const rotated = await this.secrets.withSecret(ids);
      await this.secrets.put(logins.map((l) => ({ deviceId: l.deviceId, hash: hashDeviceSecret(l.password), issuedAt })));
      // the trail says who issued whose secret and when, never the secret
      for (const l of logins) {
        await this.audit.record(actor, 'issue-mqtt-secret', 'device', l.deviceId, null, { issuedAt: issuedAt.toISOString(), rotated: rotated.has(l.deviceId) });
      }
      try {
        await this.broker.setDevices(logins.map((l) => ({ deviceId: l.deviceId, secret: l.password })));
      } catch (err) {
        throw new UnavailableError(`the broker did not take the new secrets (${(err as Error).message}); nothing was changed, try again`);
      }
    });
    return logins;
  }
}
