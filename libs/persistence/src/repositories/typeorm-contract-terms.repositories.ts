import { Injectable } from '@nestjs/common';
import type { CallbackSettings, PartsTerms } from '@vigil/domain';
import type { CallbackSettingsRepository, PartsTermsRepository } from '@vigil/application';
import { CallbackSettingsEntity, PartsTermsEntity } from '../entities';
import type { ContractTermsColumns } from '../entities/callback.entity';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';

/** One kind of a contract's terms in its own table of (contractId, settings JSON, updatedAt); injectable so its kinds inherit the constructor. */
@Injectable()
abstract class TypeormContractTermsRepository<T> {
  protected abstract readonly entity: new () => ContractTermsColumns;
  constructor(private readonly tx: TypeormTransactionRunner) {}
  private get repo() {
    return this.tx.manager().getRepository(this.entity);
  }
  async find(contractId: string): Promise<Partial<T> | null> {
    const e = await this.repo.findOneBy({ contractId });
    return e ? (e.settings as Partial<T>) : null;
  }
  async save(contractId: string, settings: Partial<T>, at: Date): Promise<void> {
    await this.repo.save({ contractId, settings, updatedAt: at });
  }
}

@Injectable()
export class TypeormCallbackSettingsRepository extends TypeormContractTermsRepository<CallbackSettings> implements CallbackSettingsRepository {
  protected readonly entity = CallbackSettingsEntity;
}

@Injectable()
export class TypeormPartsTermsRepository extends TypeormContractTermsRepository<PartsTerms> implements PartsTermsRepository {
  protected readonly entity = PartsTermsEntity;
}
