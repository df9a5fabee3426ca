import { Injectable } from '@nestjs/common';
import { LessThanOrEqual, MoreThan } from 'typeorm';
import type { MaintenanceWindow, OnCallRota } from '@vigil/domain';
import { MaintenanceWindowRepository, NotificationLog, OnCallRotaRepository, type NotificationRecord } from '@vigil/application';
import { MaintenanceWindowEntity, NotificationEntity, OnCallRotaEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';

@Injectable()
export class TypeormNotificationLog extends NotificationLog {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  async record(entries: NotificationRecord[]): Promise<void> {
    if (entries.length > 0) await this.tx.manager().getRepository(NotificationEntity).insert(entries);
  }
  async forFault(faultId: string): Promise<NotificationRecord[]> {
    const rows = await this.tx.manager().getRepository(NotificationEntity).find({ where: { faultId }, order: { id: 'ASC' } });
    return rows.map(({ id: _id, ...r }) => ({ ...r, channel: r.channel as NotificationRecord['channel'], status: r.status as NotificationRecord['status'] }));
  }
}

@Injectable()
export class TypeormOnCallRotaRepository extends OnCallRotaRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get repo() {
    return this.tx.manager().getRepository(OnCallRotaEntity);
  }
  private toRota(e: OnCallRotaEntity): OnCallRota {
    return { ...(e.config as Omit<OnCallRota, 'id' | 'name' | 'contractId' | 'createdAt' | 'updatedAt'>), id: e.id, name: e.name, contractId: e.contractId, createdAt: e.createdAt, updatedAt: e.updatedAt };
  }
  async list(): Promise<OnCallRota[]> {
    return (await this.repo.find({ order: { name: 'ASC' } })).map((e) => this.toRota(e));
  }
  async findById(id: string): Promise<OnCallRota | null> {
    const e = await this.repo.findOneBy({ id });
    return e ? this.toRota(e) : null;
  }
  async save(rota: OnCallRota): Promise<void> {
    const { id, name, contractId, createdAt, updatedAt, ...config } = rota;
    await this.repo.save({ id, name, contractId, createdAt, updatedAt, config });
  }
  async delete(id: string): Promise<void> {
    await this.repo.delete({ id });
  }
}

@Injectable()
export class TypeormMaintenanceWindowRepository extends MaintenanceWindowRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get repo() {
    return this.tx.manager().getRepository(MaintenanceWindowEntity);
  }
  activeAt(at: Date): Promise<MaintenanceWindow[]> {
    return this.repo.find({ where: { startsAt: LessThanOrEqual(at), endsAt: MoreThan(at) } });
  }
  list(): Promise<MaintenanceWindow[]> {
    return this.repo.find({ order: { startsAt: 'DESC' } });
  }
  async insert(window: MaintenanceWindow): Promise<void> {
    await this.repo.insert(window);
  }
  async delete(id: string): Promise<void> {
    await this.repo.delete({ id });
  }
}
