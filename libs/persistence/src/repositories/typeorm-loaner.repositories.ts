import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import type { DeviceType, Loan, LoanerState, LoanerUnit, LoanState, Page, PageRequest, Rma, RmaState } from '@vigil/domain';
import { LoanerRepository, LoanRepository, RepeatFailureRepository, RmaRepository, type LoanFilter, type RepeatFailure, type RmaFilter } from '@vigil/application';
import { DeviceEntity, LoanEntity, LoanerUnitEntity, RepeatFailureEntity, RmaEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';
import { pageOf, whereSiteIn } from './page-query';

@Injectable()
export class TypeormLoanerRepository extends LoanerRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get repo() {
    return this.tx.manager().getRepository(LoanerUnitEntity);
  }
  async findById(id: string): Promise<LoanerUnit | null> {
    const e = await this.repo.findOneBy({ id });
    return e ? toUnit(e) : null;
  }
  async list(filter: { storeId?: string; state?: LoanerState }): Promise<LoanerUnit[]> {
    return (
      await this.repo.find({ where: { ...(filter.storeId ? { storeId: filter.storeId } : {}), ...(filter.state ? { state: filter.state } : {}) }, order: { id: 'ASC' } })
    ).map(toUnit);
  }
  async save(unit: LoanerUnit): Promise<void> {
    await this.repo.save(unit);
  }
}

const toUnit = (e: LoanerUnitEntity): LoanerUnit => ({ ...e, type: e.type as DeviceType, state: e.state as LoanerState });
const toLoan = (e: LoanEntity): Loan => ({ ...e, state: e.state as LoanState });

@Injectable()
export class TypeormLoanRepository extends LoanRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get repo() {
    return this.tx.manager().getRepository(LoanEntity);
  }
  async findById(id: string): Promise<Loan | null> {
    const e = await this.repo.findOneBy({ id });
    return e ? toLoan(e) : null;
  }
  list(f: LoanFilter, page: PageRequest): Promise<Page<Loan>> {
    const q = this.repo.createQueryBuilder('l').orderBy('l.lentAt', 'DESC').addOrderBy('l.id', 'ASC');
    if (f.loanerId) q.andWhere('l.loanerId = :loanerId', { loanerId: f.loanerId });
    if (f.siteId) q.andWhere('l.siteId = :siteId', { siteId: f.siteId });
    if (f.faultId) q.andWhere('l.faultId = :faultId', { faultId: f.faultId });
    if (f.state) q.andWhere('l.state = :state', { state: f.state });
    if (f.deviceId) q.andWhere(new Brackets((b) => b.where('l.standsInFor = :deviceId', { deviceId: f.deviceId }).orWhere('l.loanerId = :deviceId')));
    if (f.to) q.andWhere('l.lentAt < :to', { to: f.to.toISOString() });
    if (f.from) q.andWhere(new Brackets((b) => b.where('l.returnedAt IS NULL').orWhere('l.returnedAt > :from', { from: f.from!.toISOString() })));
    whereSiteIn(q, 'l.siteId', f.siteIds);
    return pageOf(q, page, toLoan);
  }
  async outFor(deviceId: string): Promise<Loan | null> {
    const e = await this.repo
      .createQueryBuilder('l')
      .where('l.state = :out', { out: 'out' })
      .andWhere(new Brackets((b) => b.where('l.loanerId = :id', { id: deviceId }).orWhere('l.standsInFor = :id')))
      .getOne();
    return e ? toLoan(e) : null;
  }
  async save(loan: Loan): Promise<void> {
    await this.repo.save(loan);
  }
  async markAway(deviceId: string, loanId: string | null): Promise<void> {
    await this.tx.manager().getRepository(DeviceEntity).update({ id: deviceId }, { awayOnLoan: loanId });
  }
}

const toRma = (e: RmaEntity): Rma => ({ ...e, state: e.state as RmaState, underWarranty: Boolean(e.underWarranty) });

@Injectable()
export class TypeormRmaRepository extends RmaRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get repo() {
    return this.tx.manager().getRepository(RmaEntity);
  }
  async findById(id: string): Promise<Rma | null> {
    const e = await this.repo.findOneBy({ id });
    return e ? toRma(e) : null;
  }
  list(f: RmaFilter, page: PageRequest): Promise<Page<Rma>> {
    const q = this.repo.createQueryBuilder('r').orderBy('r.sentAt', 'DESC').addOrderBy('r.id', 'ASC');
    if (f.deviceId) q.andWhere('r.deviceId = :deviceId', { deviceId: f.deviceId });
    if (f.faultId) q.andWhere('r.faultId = :faultId', { faultId: f.faultId });
    if (f.vendor) q.andWhere('r.vendor = :vendor', { vendor: f.vendor });
    if (f.state) q.andWhere('r.state = :state', { state: f.state });
    if (f.customerId) q.andWhere('r.customerId = :customerId', { customerId: f.customerId });
    if (f.returnedFrom) q.andWhere('r.returnedAt >= :rf', { rf: f.returnedFrom.toISOString() });
    if (f.returnedTo) q.andWhere('r.returnedAt < :rt', { rt: f.returnedTo.toISOString() });
    whereSiteIn(q, 'r.siteId', f.siteIds);
    return pageOf(q, page, toRma);
  }
  async save(rma: Rma): Promise<void> {
    await this.repo.save(rma);
  }
}

@Injectable()
export class TypeormRepeatFailureRepository extends RepeatFailureRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get repo() {
    return this.tx.manager().getRepository(RepeatFailureEntity);
  }
  async find(faultId: string): Promise<RepeatFailure | null> {
    return this.repo.findOneBy({ faultId });
  }
  async insert(flag: RepeatFailure): Promise<boolean> {
    if (await this.repo.findOneBy({ faultId: flag.faultId })) return false;
    await this.repo.insert(flag);
    return true;
  }
}
