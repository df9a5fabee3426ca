import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { validateFaultRules, validateFeedbackRules, validateSlaPolicy, type Actor, type Contract, type Customer, type CustomerContact } from '@vigil/domain';
import { AssetChanges } from '../assets/asset-changes';
import { AuditService } from '../audit/audit.service';
import { InputError, NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import { ClockPort, ContractRepository, CustomerRepository, TransactionRunner } from '../ports';

export interface ContractInput {
  customerId: string;
  name: string;
  startsOn: string;
  endsOn: string;
  timeZone?: string;
  slaPolicy: object;
}

/**
 * Customers and their service contracts; a contract's SLA policy is data, checked before it is stored.
 * A scoped user reads the customers of their sites and their contracts, and changes only the contracts of
 * a customer their scope names whole; customers are created by unscoped users only.
 */
@Injectable()
export class ContractService {
  constructor(
    private readonly contracts: ContractRepository,
    private readonly customers: CustomerRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
    private readonly access: AccessPolicy,
    private readonly changes: AssetChanges,
  ) {}

  async listCustomers(actor: Actor): Promise<Customer[]> {
    const visible = await this.customerTest(actor);
    return (await this.customers.list()).filter((c) => visible(c.id));
  }

  async createCustomer(actor: Actor, input: { name: string; contact?: string } & CustomerContact): Promise<Customer> {
    await this.access.requireWholeEstate(actor, 'customer.write');
    return this.tx.run(async () => {
      const customer: Customer = {
        id: randomUUID(),
        name: input.name,
        contact: input.contact ?? null,
        contactName: input.contactName ?? null,
        contactMobile: input.contactMobile ?? null,
        contactEmail: input.contactEmail ?? null,
        contactWecomId: input.contactWecomId ?? null,
      };
      await this.customers.insert(customer);
      await this.audit.record(actor, 'create', 'customer', customer.id, null, customer);
      return customer;
    });
  }

  /** Changes the name or contact fields given (null clears one); the whole customer must be in the actor's scope. */
  async updateCustomer(actor: Actor, id: string, input: { name?: string; contact?: string | null } & CustomerContact): Promise<Customer> {
    await this.access.requireCustomer(actor, 'customer.write', id, 'customer', id);
    return this.tx.run(async () => {
      const before = await this.customers.findById(id);
      if (!before) throw new NotFoundError('customer', id);
      const given = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
      const after: Customer = { ...before, ...given };
      await this.customers.update(after);
      await this.audit.record(actor, 'update', 'customer', id, before, after);
      return after;
    });
  }

  async list(actor: Actor): Promise<Contract[]> {
    const visible = await this.customerTest(actor);
    return (await this.contracts.list()).filter((c) => visible(c.customerId));
  }

  async get(actor: Actor, id: string): Promise<Contract> {
    return this.requireContract(actor, 'estate.read', id);
  }

  async create(actor: Actor, input: ContractInput, id: string = randomUUID()): Promise<Contract> {
    await this.access.requireCustomer(actor, 'contract.write', input.customerId, 'customer', input.customerId);
    checkPolicy(input.slaPolicy);
    if (input.endsOn < input.startsOn) throw new InputError('endsOn', 'must not be before startsOn');
    return this.tx.run(async () => {
      if (!(await this.customers.findById(input.customerId))) throw new InputError('customerId', `customer ${input.customerId} does not exist`);
      const now = this.clock.now();
      const contract: Contract = {
        id,
        customerId: input.customerId,
        name: input.name,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        timeZone: input.timeZone ?? 'Asia/Shanghai',
        slaPolicy: input.slaPolicy,
        createdAt: now,
        updatedAt: now,
      };
      await this.contracts.insert(contract);
      await this.audit.record(actor, 'create', 'contract', id, null, contract);
      return contract;
    });
  }

  /** The contract's fault rules (levels, raises, flapping, major events); what is left out keeps the default. */
  async replaceFaultRules(actor: Actor, id: string, faultRules: object): Promise<Contract> {
    await this.requireContract(actor, 'contract.write', id);
    checkRules(faultRules);
    const updated = await this.tx.run(async () => {
      const before = await this.find(id);
      const after: Contract = { ...before, faultRules, updatedAt: this.clock.now() };
      await this.contracts.update(after);
      await this.audit.record(actor, 'update', 'contract', id, before, after);
      return after;
    });
    // its video thresholds are part of its sites' video profiles
    this.changes.sitesChanged(this.clock.now());
    return updated;
  }

  /** The feedback register's settings (complaint dues per level, escalation interval, confirmation); what is left out keeps the default. */
  async replaceFeedbackRules(actor: Actor, id: string, feedbackRules: object): Promise<Contract> {
    await this.requireContract(actor, 'contract.write', id);
    const errors = validateFeedbackRules(feedbackRules);
    if (errors.length > 0) throw InputError.ofFields(errors);
    return this.tx.run(async () => {
      const before = await this.find(id);
      const after: Contract = { ...before, feedbackRules, updatedAt: this.clock.now() };
      await this.contracts.update(after);
      await this.audit.record(actor, 'update', 'contract', id, before, after);
      return after;
    });
  }

  async replacePolicy(actor: Actor, id: string, slaPolicy: object): Promise<Contract> {
    await this.requireContract(actor, 'contract.write', id);
    checkPolicy(slaPolicy);
    return this.tx.run(async () => {
      const before = await this.find(id);
      const after: Contract = { ...before, slaPolicy, updatedAt: this.clock.now() };
      await this.contracts.update(after);
      await this.audit.record(actor, 'update', 'contract', id, before, after);
      return after;
    });
  }

  private async find(id: string): Promise<Contract> {
    const contract = await this.contracts.findById(id);
    if (!contract) throw new NotFoundError('contract', id);
    return contract;
  }

  /** The role first, then the contract's customer: read needs a site of it in scope, write the whole customer. */
  private async requireContract(actor: Actor, permission: 'estate.read' | 'contract.write', id: string): Promise<Contract> {
    await this.access.require(actor, permission);
    const contract = await this.find(id);
    await this.access.requireCustomer(actor, permission, contract.customerId, 'contract', id);
    return contract;
  }

  private async customerTest(actor: Actor): Promise<(customerId: string) => boolean> {
    const ids = await this.access.customerFilter(actor, 'estate.read');
    if (ids === null) return () => true;
    const visible = new Set(ids);
    return (customerId) => visible.has(customerId);
  }
}

function checkRules(rules: unknown): void {
  const errors = validateFaultRules(rules);
  if (errors.length > 0) throw InputError.ofFields(errors);
}

function checkPolicy(policy: unknown): void {
  const errors = validateSlaPolicy(policy);
  if (errors.length > 0) throw InputError.ofFields(errors);
}
