import { Injectable } from '@nestjs/common';
import { DeviceSecretRepository, type StoredDeviceSecret } from '@vigil/application';
import { In } from 'typeorm';
import { DeviceSecretEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';

/** Enough ids per IN (...) to stay far below the drivers' bound-parameter limits. */
const CHUNK = 500;

@Injectable()
export class TypeormDeviceSecretRepository extends DeviceSecretRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get repo() {
    return this.tx.manager().getRepository(DeviceSecretEntity);
  }
  async findHash(deviceId: string): Promise<string | null> {
    return (await this.repo.findOneBy({ deviceId }))?.hash ?? null;
  }
  async put(secrets: StoredDeviceSecret[]): Promise<void> {
    for (let i = 0; i < secrets.length; i += CHUNK) {
      await this.repo.upsert(secrets.slice(i, i + CHUNK), { conflictPaths: ['deviceId'] });
    }
  }
  async remove(deviceId: string): Promise<void> {
    await this.repo.delete({ deviceId });
  }
  async withSecret(deviceIds: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < deviceIds.length; i += CHUNK) {
      const rows = await this.repo.find({ select: { deviceId: true }, where: { deviceId: In(deviceIds.slice(i, i + CHUNK)) } });
      for (const r of rows) found.add(r.deviceId);
    }
    return found;
  }
}
