import { Injectable } from '@nestjs/common';
import type { HolidaySchedule } from '@vigil/domain';
import { HolidayScheduleRepository } from '@vigil/application';
import { HolidayScheduleEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';

const toSchedule = (e: HolidayScheduleEntity): HolidaySchedule => ({
  year: e.year,
  daysOff: e.daysOff,
  makeUpWorkdays: e.makeUpWorkdays,
  ...(e.source ? { source: e.source } : {}),
});

@Injectable()
export class TypeormHolidayScheduleRepository extends HolidayScheduleRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get repo() {
    return this.tx.manager().getRepository(HolidayScheduleEntity);
  }
  async list(): Promise<HolidaySchedule[]> {
    return (await this.repo.find({ order: { year: 'ASC' } })).map(toSchedule);
  }
  async find(year: number): Promise<HolidaySchedule | null> {
    const e = await this.repo.findOneBy({ year });
    return e ? toSchedule(e) : null;
  }
  async save(s: HolidaySchedule, at: Date): Promise<void> {
    await this.repo.save({ year: s.year, daysOff: s.daysOff, makeUpWorkdays: s.makeUpWorkdays, source: s.source ?? null, updatedAt: at });
  }
}
