import type { Actor, Contract, ContractTerms } from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { InputError, NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import { ClockPort, ContractRepository, ContractTermsRepository, TransactionRunner } from '../ports';

export interface ContractTermsView<T> {
  contractId: string;
  /** What the contract set itself. */
  own: Partial<T>;
  /** What is in force: its own over the defaults. */
  settings: T;
}

/** Reads and replaces one kind of a contract's terms (callback settings, parts terms): read with the estate, written by who may write contracts, audited. */
export abstract class ContractTermsService<T> {
  constructor(
    private readonly terms: ContractTerms<T>,
    private readonly stored: ContractTermsRepository<T>,
    private readonly contracts: ContractRepository,
    private readonly access: AccessPolicy,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
  ) {}

  /** The terms in force for a contract (the defaults without one); for the platform's own work, no actor. */
  async forContract(contractId: string | null | undefined): Promise<T> {
    return this.terms.resolve(contractId ? await this.stored.find(contractId) : null);
  }

  async get(actor: Actor, contractId: string): Promise<ContractTermsView<T>> {
    await this.requireContract(actor, 'estate.read', contractId);
    const own = (await this.stored.find(contractId)) ?? {};
    return { contractId, own, settings: this.terms.resolve(own) };
  }

  /** Replaces what the contract sets (every key optional; what it leaves out takes the default); 400 naming the field of a bad one. */
  async replace(actor: Actor, contractId: string, raw: unknown): Promise<ContractTermsView<T>> {
    const contract = await this.requireContract(actor, 'contract.write', contractId);
    const checked = this.terms.validate(raw);
    if (!checked.ok) throw InputError.ofFields(checked.errors);
    return this.tx.run(async () => {
      const before = await this.stored.find(contractId);
      await this.stored.save(contractId, checked.value, this.clock.now());
      const owner = { contractId, customerId: contract.customerId };
      await this.audit.record(actor, 'update', this.terms.kind, contractId, before ? { ...owner, settings: before } : null, { ...owner, settings: checked.value });
      return { contractId, own: checked.value, settings: this.terms.resolve(checked.value) };
    });
  }

  private async requireContract(actor: Actor, permission: 'estate.read' | 'contract.write', id: string): Promise<Contract> {
    await this.access.require(actor, permission);
    const contract = await this.contracts.findById(id);
    if (!contract) throw new NotFoundError('contract', id);
    await this.access.requireCustomer(actor, permission, contract.customerId, 'contract', id);
    return contract;
  }
}
