import { Injectable } from '@nestjs/common';
import { DEFAULT_POLL_INTERVAL_SEC, maskManagement, mergeCredentials, type Actor, type AgentProtocol, type CredentialsChange, type MaskedManagement } from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { requireDevice } from '../assets/device-access';
import { NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import { DeviceManagementRepository, DeviceRepository, TransactionRunner } from '../ports';
import { ManagementCipher } from './management-cipher';

export interface ManagementInput {
  protocol: AgentProtocol;
  address: string;
  pollIntervalSec?: number;
  credentials?: CredentialsChange;
}

/**
 * How a device is managed by its gateway's agent ([15]): protocol, address, poll interval and credentials. The credentials
 * are sealed at rest and never shown back: reads say only whether each secret is set, and a change that leaves a secret out
 * keeps the stored one.
 */
@Injectable()
export class DeviceManagementService {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly management: DeviceManagementRepository,
    private readonly cipher: ManagementCipher,
    private readonly access: AccessPolicy,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
  ) {}

  async get(actor: Actor, deviceId: string): Promise<MaskedManagement> {
    await requireDevice(this.access, this.devices, actor, 'gateway.read', deviceId);
    const stored = await this.management.find(deviceId);
    if (!stored) throw new NotFoundError('device management', deviceId);
    return maskManagement({ ...stored, credentials: await this.cipher.open(stored.credentials) });
  }

  async put(actor: Actor, deviceId: string, input: ManagementInput): Promise<MaskedManagement> {
    await requireDevice(this.access, this.devices, actor, 'device.write', deviceId);
    const stored = await this.management.find(deviceId);
    const before = stored ? { ...stored, credentials: await this.cipher.open(stored.credentials) } : null;
    const after = {
      protocol: input.protocol,
      address: input.address,
      pollIntervalSec: input.pollIntervalSec ?? before?.pollIntervalSec ?? DEFAULT_POLL_INTERVAL_SEC,
      credentials: mergeCredentials(before?.credentials ?? null, input.credentials ?? {}),
    };
    const sealed = await this.cipher.seal(after.credentials);
    await this.tx.run(async () => {
      await this.management.put({ deviceId, ...after, credentials: sealed });
      // the trail shows what changed, never a secret
      await this.audit.record(actor, 'set-management', 'device', deviceId, before && maskManagement(before), maskManagement(after));
    });
    return maskManagement(after);
  }

  async remove(actor: Actor, deviceId: string): Promise<void> {
    await requireDevice(this.access, this.devices, actor, 'device.write', deviceId);
    const stored = await this.management.find(deviceId);
    if (!stored) throw new NotFoundError('device management', deviceId);
    await this.tx.run(async () => {
      await this.management.remove(deviceId);
      await this.audit.record(actor, 'remove-management', 'device', deviceId, { protocol: stored.protocol, address: stored.address }, null);
    });
  }
}
