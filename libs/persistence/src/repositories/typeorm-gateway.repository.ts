import { Injectable } from '@nestjs/common';
import { DeviceManagementRepository, GatewayRepository, type GatewayAccess, type StoredManagement } from '@vigil/application';
import type { AgentProtocol, Gateway } from '@vigil/domain';
import { In } from 'typeorm';
import { DeviceEntity, DeviceManagementEntity, GatewayDeviceEntity, GatewayEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';

/** Enough ids per IN (...) to stay far below the drivers' bound-parameter limits. */
const CHUNK = 500;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function toGateway(e: GatewayEntity): Gateway {
  return { id: e.id, name: e.name, siteId: e.siteId, createdAt: e.createdAt, updatedAt: e.updatedAt };
}

@Injectable()
export class TypeormGatewayRepository extends GatewayRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get repo() {
    return this.tx.manager().getRepository(GatewayEntity);
  }
  private get links() {
    return this.tx.manager().getRepository(GatewayDeviceEntity);
  }
  async findById(id: string): Promise<Gateway | null> {
    const e = await this.repo.findOneBy({ id });
    return e ? toGateway(e) : null;
  }
  async list(siteIds: string[] | null): Promise<Gateway[]> {
    if (siteIds !== null && siteIds.length === 0) return [];
    const rows =
      siteIds === null ? await this.repo.find({ order: { id: 'ASC' } }) : (await Promise.all(chunks(siteIds).map((ids) => this.repo.findBy({ siteId: In(ids) })))).flat();
    return rows.map(toGateway).sort((a, b) => (a.id < b.id ? -1 : 1));
  }
  async insert(gateway: Gateway): Promise<void> {
    await this.repo.insert({ ...gateway, secretHash: null, secretIssuedAt: null });
  }
  async update(gateway: Gateway): Promise<void> {
    await this.repo.update({ id: gateway.id }, { name: gateway.name, siteId: gateway.siteId, updatedAt: gateway.updatedAt });
  }
  async delete(id: string): Promise<void> {
    await this.links.delete({ gatewayId: id });
    await this.repo.delete({ id });
  }
  /** Only devices that still exist at the gateway's site: one deleted or moved elsewhere drops out of its rights. */
  async deviceIds(gatewayId: string): Promise<string[]> {
    const rows = await this.links
      .createQueryBuilder('gd')
      .select('gd.deviceId', 'deviceId')
      .innerJoin(DeviceEntity, 'd', 'd.id = gd.deviceId')
      .innerJoin(GatewayEntity, 'g', 'g.id = gd.gatewayId AND g.siteId = d.siteId')
      .where('gd.gatewayId = :gatewayId', { gatewayId })
      .orderBy('gd.deviceId', 'ASC')
      .getRawMany<{ deviceId: string }>();
    return rows.map((r) => r.deviceId);
  }
  async gatewaysOf(deviceIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const ids of chunks(deviceIds)) for (const l of await this.links.findBy({ deviceId: In(ids) })) out.set(l.deviceId, l.gatewayId);
    return out;
  }
  async assign(gatewayId: string, deviceIds: string[]): Promise<void> {
    await this.links.delete({ gatewayId });
    for (const ids of chunks(deviceIds)) {
      await this.links.delete({ deviceId: In(ids) });
      await this.links.insert(ids.map((deviceId) => ({ deviceId, gatewayId })));
    }
  }
  async unassignDevice(deviceId: string): Promise<void> {
    await this.links.delete({ deviceId });
  }
  async putSecret(gatewayId: string, hash: string, issuedAt: Date): Promise<void> {
    await this.repo.update({ id: gatewayId }, { secretHash: hash, secretIssuedAt: issuedAt });
  }
  async findAccess(gatewayId: string): Promise<GatewayAccess | null> {
    const e = await this.repo.findOne({ select: { id: true, secretHash: true }, where: { id: gatewayId } });
    return e ? { hash: e.secretHash, deviceIds: await this.deviceIds(gatewayId) } : null;
  }
}

function toManagement(e: DeviceManagementEntity): StoredManagement {
  return { deviceId: e.deviceId, protocol: e.protocol as AgentProtocol, address: e.address, pollIntervalSec: e.pollIntervalSec, credentials: e.credentials };
}

@Injectable()
export class TypeormDeviceManagementRepository extends DeviceManagementRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get repo() {
    return this.tx.manager().getRepository(DeviceManagementEntity);
  }
  async find(deviceId: string): Promise<StoredManagement | null> {
    const e = await this.repo.findOneBy({ deviceId });
    return e ? toManagement(e) : null;
  }
  async findMany(deviceIds: string[]): Promise<StoredManagement[]> {
    return (await Promise.all(chunks(deviceIds).map((ids) => this.repo.findBy({ deviceId: In(ids) })))).flat().map(toManagement);
  }
  async put(management: StoredManagement): Promise<void> {
    await this.repo.upsert(management, { conflictPaths: ['deviceId'] });
  }
  async remove(deviceId: string): Promise<void> {
    await this.repo.delete({ deviceId });
  }
}
