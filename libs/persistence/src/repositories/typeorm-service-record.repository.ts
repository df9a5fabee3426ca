import { Injectable } from '@nestjs/common';
import { Not } from 'typeorm';
import { ServiceRecordRepository, type ServiceRecordFilter } from '@vigil/application';
import type {
  CorrectableField,
  IntegrityFlag,
  Page,
  PageRequest,
  ServiceRecord,
  ServiceRecordCorrection,
  ServiceRecordKind,
  ServiceRecordPhoto,
  ServiceRecordSignoff,
  ServiceRecordState,
} from '@vigil/domain';
import { ServiceRecordCorrectionEntity, ServiceRecordEntity, ServiceRecordPhotoEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';
import { pageOf, whereSiteIn } from './page-query';

type StoredSignoff = Omit<ServiceRecordSignoff, 'signedAt'> & { signedAt: string };

function toRecord(e: ServiceRecordEntity): ServiceRecord {
  const stored = e.signoff ? (JSON.parse(e.signoff) as StoredSignoff) : null;
  return {
    id: e.id,
    kind: e.kind as ServiceRecordKind,
    jobId: e.jobId,
    siteId: e.siteId,
    customerId: e.customerId,
    contractId: e.contractId,
    workDone: e.workDone,
    partsUsed: e.partsUsed,
    engineerId: e.engineerId,
    engineerName: e.engineerName,
    onSiteAt: e.onSiteAt,
    offSiteAt: e.offSiteAt,
    state: e.state as ServiceRecordState,
    signoff: stored ? { ...stored, signedAt: new Date(stored.signedAt) } : null,
    flags: e.flags as IntegrityFlag[],
    createdBy: e.createdBy,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

function toEntity(r: ServiceRecord): ServiceRecordEntity {
  return {
    ...r,
    sortAt: r.onSiteAt ?? r.createdAt,
    signoff: r.signoff ? JSON.stringify(r.signoff) : null,
    signatureSha256: r.signoff?.signatureSha256 ?? null,
    signingChannel: r.signoff?.channel ?? null,
    flags: r.flags,
    flagged: r.flags.length > 0,
  };
}

@Injectable()
export class TypeormServiceRecordRepository extends ServiceRecordRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get repo() {
    return this.tx.manager().getRepository(ServiceRecordEntity);
  }
  async insert(record: ServiceRecord): Promise<void> {
    await this.repo.insert(toEntity(record));
  }
  async update(record: ServiceRecord): Promise<void> {
    const { id, ...rest } = toEntity(record);
    await this.repo.update({ id }, rest);
  }
  async findById(id: string): Promise<ServiceRecord | null> {
    const e = await this.repo.findOneBy({ id });
    return e ? toRecord(e) : null;
  }
  async findByJob(kind: ServiceRecordKind, jobId: string): Promise<ServiceRecord[]> {
    return (await this.repo.find({ where: { kind, jobId }, order: { createdAt: 'ASC', id: 'ASC' } })).map(toRecord);
  }
  list(f: ServiceRecordFilter, page: PageRequest): Promise<Page<ServiceRecord>> {
    const q = this.repo.createQueryBuilder('r').orderBy('r.sortAt', 'DESC').addOrderBy('r.id', 'ASC');
    whereSiteIn(q, 'r.siteId', f.siteIds);
    if (f.siteId) q.andWhere('r.siteId = :siteId', { siteId: f.siteId });
    if (f.customerId) q.andWhere('r.customerId = :customerId', { customerId: f.customerId });
    if (f.contractId) q.andWhere('r.contractId = :contractId', { contractId: f.contractId });
    if (f.kind) q.andWhere('r.kind = :kind', { kind: f.kind });
    if (f.state) q.andWhere('r.state = :state', { state: f.state });
    if (f.jobId) q.andWhere('r.jobId = :jobId', { jobId: f.jobId });
    if (f.from) q.andWhere('r.sortAt >= :from', { from: f.from.toISOString() });
    if (f.to) q.andWhere('r.sortAt < :to', { to: f.to.toISOString() });
    if (f.flagged !== undefined) {
      // a device signature whose image another record bears counts as flagged too, whenever that record came
      // quoted by hand: the subquery's alias is not one TypeORM rewrites, and PostgreSQL folds unquoted names to lower case
      const copied = `("r"."signingChannel" = 'engineer-device' AND EXISTS (SELECT 1 FROM "service_records" "o" WHERE "o"."signatureSha256" = "r"."signatureSha256" AND "o"."id" <> "r"."id"))`;
      q.andWhere(f.flagged ? `("r"."flagged" = :yes OR ${copied})` : `("r"."flagged" = :no AND NOT ${copied})`, { yes: true, no: false });
    }
    return pageOf(q, page, toRecord);
  }
  countSignature(sha256: string, exceptId: string): Promise<number> {
    return this.repo.countBy({ signatureSha256: sha256, id: Not(exceptId) });
  }
  async sharedSignatures(sha256s: string[]): Promise<Set<string>> {
    if (sha256s.length === 0) return new Set();
    const rows = await this.repo
      .createQueryBuilder('r')
      .select('r.signatureSha256', 'sha')
      .where('r.signatureSha256 IN (:...sha256s)', { sha256s: [...new Set(sha256s)] })
      .groupBy('r.signatureSha256')
      .having('COUNT(*) > 1')
      .getRawMany<{ sha: string }>();
    return new Set(rows.map((r) => r.sha));
  }
  async addPhoto(photo: ServiceRecordPhoto): Promise<void> {
    await this.tx.manager().getRepository(ServiceRecordPhotoEntity).insert(photo);
  }
  photos(recordId: string): Promise<ServiceRecordPhoto[]> {
    return this.tx
      .manager()
      .getRepository(ServiceRecordPhotoEntity)
      .find({ where: { recordId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }
  async addCorrection(c: ServiceRecordCorrection): Promise<void> {
    await this.tx.manager().getRepository(ServiceRecordCorrectionEntity).insert(c);
  }
  async corrections(recordId: string): Promise<ServiceRecordCorrection[]> {
    const rows = await this.tx
      .manager()
      .getRepository(ServiceRecordCorrectionEntity)
      .find({ where: { recordId }, order: { id: 'ASC' } });
    return rows.map(({ id: _id, ...c }) => ({ ...c, field: c.field as CorrectableField }));
  }
}
