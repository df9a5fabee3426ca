import { Injectable } from '@nestjs/common';
import { SettingsRepository } from '@vigil/application';
import { SettingEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';

@Injectable()
export class TypeormSettingsRepository extends SettingsRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  async get(key: string): Promise<string | null> {
    return (await this.tx.manager().getRepository(SettingEntity).findOneBy({ key }))?.value ?? null;
  }
  async putIfAbsent(key: string, value: string): Promise<string> {
    // Several processes may race on first start: the insert either wins or is ignored.
    await this.tx.manager().createQueryBuilder().insert().into(SettingEntity).values({ key, value }).orIgnore().execute();
    return (await this.get(key)) ?? value;
  }
  async put(key: string, value: string): Promise<void> {
    await this.tx
      .manager()
      .getRepository(SettingEntity)
      .upsert({ key, value }, { conflictPaths: ['key'] });
  }
  async remove(key: string): Promise<void> {
    await this.tx.manager().getRepository(SettingEntity).delete({ key });
  }
}
