import type { PartsTerms } from '@vigil/domain';

/** Where one kind of a contract's terms is kept: what the contract set itself, by contract id. */
export abstract class ContractTermsRepository<T> {
  abstract find(contractId: string): Promise<Partial<T> | null>;
  abstract save(contractId: string, settings: Partial<T>, at: Date): Promise<void>;
}

export abstract class PartsTermsRepository extends ContractTermsRepository<PartsTerms> {}
