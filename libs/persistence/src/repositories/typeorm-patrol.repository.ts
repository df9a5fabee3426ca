import { Injectable } from '@nestjs/common';
import { IsNull, LessThan, In } from 'typeorm';
import type { ChecklistTemplate, ItemResult, Page, PageRequest, Patrol, PatrolCorrection, PatrolKind, PatrolPhoto, PatrolPlan, PatrolState, Signature, Text2 } from '@vigil/domain';
import { PatrolRepository, type PatrolFilter } from '@vigil/application';
import { ChecklistTemplateEntity, PatrolCorrectionEntity, PatrolEntity, PatrolPhotoEntity, PatrolPlanEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';
import { param } from './sql-dialect';
import { pageOf, whereSiteIn } from './page-query';

type StoredResult = Omit<ItemResult, 'recordedAt'> & { recordedAt: string };

function toPatrol({ results, signoff, overdueNotifiedAt: _n, frozenLines: _f, ...e }: PatrolEntity): Patrol {
  const s = signoff ? (JSON.parse(signoff) as Omit<Signature, 'signedAt'> & { signedAt: string }) : null;
  return {
    ...e,
    kind: e.kind as PatrolKind,
    state: e.state as PatrolState,
    results: (JSON.parse(results) as StoredResult[]).map((r) => ({ ...r, recordedAt: new Date(r.recordedAt) })),
    signoff: s ? { ...s, signedAt: new Date(s.signedAt) } : null,
  };
}

function toEntity(p: Patrol): Partial<PatrolEntity> {
  return { ...p, results: JSON.stringify(p.results), signoff: p.signoff ? JSON.stringify(p.signoff) : null };
}

const toTemplate = (e: ChecklistTemplateEntity): ChecklistTemplate => ({
  id: e.id,
  version: e.version,
  kind: e.kind as PatrolKind,
  name: e.name as Text2,
  items: e.items as ChecklistTemplate['items'],
});

@Injectable()
export class TypeormPatrolRepository extends PatrolRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private repo<T extends object>(entity: new () => T) {
    return this.tx.manager().getRepository(entity);
  }
  async templates(): Promise<ChecklistTemplate[]> {
    return (await this.repo(ChecklistTemplateEntity).find({ order: { id: 'ASC', version: 'ASC' } })).map(toTemplate);
  }
  async template(id: string, version: number): Promise<ChecklistTemplate | null> {
    const e = await this.repo(ChecklistTemplateEntity).findOneBy({ id, version });
    return e ? toTemplate(e) : null;
  }
  async saveTemplate(t: ChecklistTemplate, at: Date): Promise<void> {
    await this.repo(ChecklistTemplateEntity)
      .createQueryBuilder()
      .insert()
      .into(ChecklistTemplateEntity)
      .values({ id: t.id, version: t.version, kind: t.kind, name: t.name, items: t.items, createdAt: at })
      .orIgnore()
      .execute();
  }
  async plans(): Promise<PatrolPlan[]> {
    return (await this.repo(PatrolPlanEntity).find({ order: { createdAt: 'ASC' } })).map((e) => ({
      ...e,
      kind: e.kind as PatrolKind,
      schedule: e.schedule as PatrolPlan['schedule'],
    }));
  }
  async savePlan(plan: PatrolPlan): Promise<void> {
    await this.repo(PatrolPlanEntity).save(plan);
  }
  async insertIfAbsent(patrol: Patrol): Promise<boolean> {
    await this.repo(PatrolEntity).createQueryBuilder().insert().into(PatrolEntity).values(toEntity(patrol)).orIgnore().execute();
    return this.repo(PatrolEntity).existsBy({ id: patrol.id });
  }
  async existingKeys(planId: string, from: Date): Promise<Set<string>> {
    const rows = await this.repo(PatrolEntity)
      .createQueryBuilder('p')
      .select(['p.siteId', 'p.period'])
      .where('p.planId = :planId', { planId })
      .andWhere('p.periodEnd > :from', { from: from.toISOString() })
      .getMany();
    return new Set(rows.map((r) => `${r.siteId}|${r.period}`));
  }
  async findById(id: string): Promise<Patrol | null> {
    const e = await this.repo(PatrolEntity).findOneBy({ id });
    return e ? toPatrol(e) : null;
  }
  async update(patrol: Patrol): Promise<void> {
    await this.repo(PatrolEntity).update({ id: patrol.id }, toEntity(patrol));
  }
  list(f: PatrolFilter, page: PageRequest): Promise<Page<Patrol>> {
    const q = this.repo(PatrolEntity).createQueryBuilder('p').orderBy('p.dueAt', 'ASC').addOrderBy('p.id', 'ASC');
    if (f.siteId) q.andWhere('p.siteId = :siteId', { siteId: f.siteId });
    if (f.contractId) q.andWhere('p.contractId = :contractId', { contractId: f.contractId });
    whereSiteIn(q, 'p.siteId', f.siteIds);
    if (f.planId) q.andWhere('p.planId = :planId', { planId: f.planId });
    if (f.kind) q.andWhere('p.kind = :kind', { kind: f.kind });
    if (f.state) q.andWhere('p.state = :state', { state: f.state });
    if (f.assigneeId) q.andWhere('p.assigneeId = :assigneeId', { assigneeId: f.assigneeId });
    if (f.from) q.andWhere('p.periodEnd > :from', { from: f.from.toISOString() });
    if (f.to) q.andWhere('p.periodStart < :to', { to: f.to.toISOString() });
    return pageOf(q, page, toPatrol);
  }
  async overdueUnnotified(now: Date): Promise<Patrol[]> {
    return (await this.repo(PatrolEntity).find({ where: { state: In(['due', 'in-progress']), dueAt: LessThan(now), overdueNotifiedAt: IsNull() }, take: 500 })).map(toPatrol);
  }
  async freezeLines(id: string, lines: unknown[]): Promise<void> {
    const m = this.tx.manager();
    await m.query(`UPDATE patrols SET "frozenLines" = ${param(m, 1)} WHERE id = ${param(m, 2)}`, [JSON.stringify(lines), id]);
  }
  async frozenLines(id: string): Promise<unknown[] | null> {
    const m = this.tx.manager();
    const [row] = (await m.query(`SELECT "frozenLines" AS lines FROM patrols WHERE id = ${param(m, 1)}`, [id])) as { lines: string | null }[];
    return row?.lines ? (JSON.parse(row.lines) as unknown[]) : null;
  }
  async claimOverdueNotice(id: string, at: Date): Promise<boolean> {
    const result = await this.repo(PatrolEntity).update({ id, overdueNotifiedAt: IsNull() }, { overdueNotifiedAt: at });
    return (result.affected ?? 0) === 1;
  }
  async addPhoto(photo: PatrolPhoto): Promise<void> {
    await this.repo(PatrolPhotoEntity).insert(photo);
  }
  photos(patrolId: string): Promise<PatrolPhoto[]> {
    return this.repo(PatrolPhotoEntity).find({ where: { patrolId }, order: { createdAt: 'ASC' } });
  }
  async addCorrection(c: PatrolCorrection): Promise<void> {
    await this.repo(PatrolCorrectionEntity).insert(c);
  }
  async corrections(patrolId: string): Promise<PatrolCorrection[]> {
    return (await this.repo(PatrolCorrectionEntity).find({ where: { patrolId }, order: { id: 'ASC' } })).map(({ id: _id, ...c }) => c);
  }
}
