import { Injectable } from '@nestjs/common';
import { IsNull, MoreThan } from 'typeorm';
import { CustomerLinkRepository, type LinkVisit } from '@vigil/application';
import type { CustomerLink, LinkChannel } from '@vigil/domain';
import { CustomerLinkEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';

const toDomain = (e: CustomerLinkEntity): CustomerLink => ({ ...e, channel: e.channel as LinkChannel });
/** What a visitor sends is kept within the columns' sizes. */
const clip = (value: string | null, length: number) => (value === null ? null : value.slice(0, length));

@Injectable()
export class TypeormCustomerLinkRepository extends CustomerLinkRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get repo() {
    return this.tx.manager().getRepository(CustomerLinkEntity);
  }
  async insert(link: CustomerLink): Promise<void> {
    await this.repo.insert(link);
  }
  async findById(id: string): Promise<CustomerLink | null> {
    const e = await this.repo.findOneBy({ id });
    return e ? toDomain(e) : null;
  }
  async findByTokenHash(tokenHash: string): Promise<CustomerLink | null> {
    const e = await this.repo.findOneBy({ tokenHash });
    return e ? toDomain(e) : null;
  }
  async forSubject(purpose: string, subjectId: string): Promise<CustomerLink[]> {
    return (await this.repo.find({ where: { purpose, subjectId }, order: { issuedAt: 'DESC', id: 'ASC' } })).map(toDomain);
  }
  async markOpened(id: string, visit: LinkVisit): Promise<void> {
    await this.repo.update({ id, openedAt: IsNull() }, { openedAt: visit.at, openedIp: clip(visit.ip, 64), openedUserAgent: clip(visit.userAgent, 500) });
  }
  async claim(id: string, visit: LinkVisit): Promise<boolean> {
    const result = await this.repo.update(
      { id, usedAt: IsNull(), revokedAt: IsNull(), expiresAt: MoreThan(visit.at) },
      { usedAt: visit.at, usedIp: clip(visit.ip, 64), usedUserAgent: clip(visit.userAgent, 500) },
    );
    return (result.affected ?? 0) === 1;
  }
  async revoke(id: string, at: Date, by: string): Promise<boolean> {
    const result = await this.repo.update({ id, usedAt: IsNull(), revokedAt: IsNull() }, { revokedAt: at, revokedBy: by });
    return (result.affected ?? 0) === 1;
  }
  async markSent(id: string, at: Date | null, error: string | null): Promise<void> {
    await this.repo.update({ id }, { sentAt: at, sendError: error });
  }
}
