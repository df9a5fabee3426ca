import { Injectable } from '@nestjs/common';
import { In, LessThanOrEqual, MoreThan } from 'typeorm';
import type { AlertSubjectKind, FaultLevel, MaintenanceWindow, OnCallRota, QueuedAlert } from '@vigil/domain';
import { AlertQueue, MaintenanceWindowRepository, NotificationLog, OnCallRotaRepository, type NotificationRecord, type StoredAlert } from '@vigil/application';
import { AlertBudgetEntity, AlertQueueEntity, MaintenanceWindowEntity, NotificationEntity, OnCallRotaEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';

@Injectable()
export class TypeormNotificationLog extends NotificationLog {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  async record(entries: NotificationRecord[]): Promise<void> {
    if (entries.length > 0)
      await this.tx
        .manager()
        .getRepository(NotificationEntity)
        .insert(entries.map((e) => ({ ...e, subject: e.subject ?? 'fault' })));
  }
  forFault(faultId: string): Promise<NotificationRecord[]> {
    return this.forSubject('fault', faultId);
  }
  async forSubject(subject: AlertSubjectKind, id: string): Promise<NotificationRecord[]> {
    const rows = await this.tx
      .manager()
      .getRepository(NotificationEntity)
      .find({ where: { faultId: id, subject }, order: { id: 'ASC' } });
    return rows.map(({ id: _id, subject: kind, ...r }) => ({
      ...r,
      ...(kind === 'fault' ? {} : { subject: kind as AlertSubjectKind }),
      channel: r.channel as NotificationRecord['channel'],
      status: r.status as NotificationRecord['status'],
    }));
  }
  async volumeSince(since: Date): Promise<{ recipient: string; channel: NotificationRecord['channel']; messages: number }[]> {
    const rows = await this.tx
      .manager()
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .select('n.recipient', 'recipient')
      .addSelect('n.channel', 'channel')
      .addSelect('COUNT(DISTINCT n.at)', 'messages')
      .where('n.status = :sent', { sent: 'sent' })
      .andWhere('n.at >= :since', { since: since.toISOString() })
      .groupBy('n.recipient')
      .addGroupBy('n.channel')
      .orderBy('messages', 'DESC')
      .getRawMany<{ recipient: string; channel: string; messages: string | number }>();
    return rows.map((r) => ({ recipient: r.recipient, channel: r.channel as NotificationRecord['channel'], messages: Number(r.messages) }));
  }
}

const toStored = (e: AlertQueueEntity): StoredAlert => ({
  id: e.id,
  recipient: e.recipient,
  faultId: e.faultId,
  ...(e.subject === 'fault' ? {} : { subject: e.subject as AlertSubjectKind }),
  kind: e.kind as QueuedAlert['kind'],
  level: e.level as FaultLevel,
  reason: e.reason,
  step: e.step,
  queuedAt: e.queuedAt,
  notBefore: e.notBefore,
});

@Injectable()
export class TypeormAlertQueue extends AlertQueue {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  async lockRecipient(recipient: string): Promise<{ lastSentAt: Date | null }> {
    const m = this.tx.manager();
    await m.createQueryBuilder().insert().into(AlertBudgetEntity).values({ recipient, lastSentAt: null }).orIgnore().execute();
    const q = m.getRepository(AlertBudgetEntity).createQueryBuilder('b').where('b.recipient = :recipient', { recipient });
    if (this.tx.isPostgres) q.setLock('pessimistic_write');
    return { lastSentAt: (await q.getOne())?.lastSentAt ?? null };
  }
  async markSent(recipient: string, at: Date): Promise<void> {
    await this.tx.manager().getRepository(AlertBudgetEntity).update({ recipient }, { lastSentAt: at });
  }
  async enqueue(recipient: string, alert: QueuedAlert): Promise<void> {
    await this.tx
      .manager()
      .getRepository(AlertQueueEntity)
      .insert({ recipient, ...alert, subject: alert.subject ?? 'fault', reason: alert.reason.slice(0, 200) });
  }
  async waiting(recipient: string): Promise<StoredAlert[]> {
    return (
      await this.tx
        .manager()
        .getRepository(AlertQueueEntity)
        .find({ where: { recipient }, order: { id: 'ASC' } })
    ).map(toStored);
  }
  async remove(ids: number[]): Promise<void> {
    if (ids.length > 0)
      await this.tx
        .manager()
        .getRepository(AlertQueueEntity)
        .delete({ id: In(ids) });
  }
  async dropAlertsOf(faultId: string, subject: AlertSubjectKind = 'fault'): Promise<void> {
    await this.tx.manager().getRepository(AlertQueueEntity).delete({ faultId, subject, kind: 'alert' });
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
    return {
      ...(e.config as Omit<OnCallRota, 'id' | 'name' | 'contractId' | 'createdAt' | 'updatedAt'>),
      id: e.id,
      name: e.name,
      contractId: e.contractId,
      createdAt: e.createdAt,
      updatedAt: e.updatedAt,
    };
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
