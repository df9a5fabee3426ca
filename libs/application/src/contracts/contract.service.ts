import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { validateFaultRules, validateSlaPolicy, type Actor, type Contract, type Customer } from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { InputError, NotFoundError } from '../errors';
import { ClockPort, ContractRepository, CustomerRepository, TransactionRunner } from '../ports';

export interface ContractInput {
  customerId: string;
  name: string;
  startsOn: string;
  endsOn: string;
  timeZone?: string;
  slaPolicy: object;
}

/** Customers and their service contracts; a contract's SLA policy is data, checked before it is stored. */
@Injectable()
export class ContractService {
  constructor(
    private readonly contracts: ContractRepository,
    private readonly customers: CustomerRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
  ) {}

  listCustomers(): Promise<Customer[]> {
    return this.customers.list();
  }

  createCustomer(actor: Actor, input: { name: string; contact?: string }): Promise<Customer> {
    return this.tx.run(async () => {
      const customer: Customer = { id: randomUUID(), name: input.name, contact: input.contact ?? null };
      await this.customers.insert(customer);
      await this.audit.record(actor, 'create', 'customer', customer.id, null, customer);
      return customer;
    });
  }

  list(): Promise<Contract[]> {
    return this.contracts.list();
  }

  async get(id: string): Promise<Contract> {
    const contract = await this.contracts.findById(id);
    if (!contract) throw new NotFoundError('contract', id);
    return contract;
  }

  create(actor: Actor, input: ContractInput, id: string = randomUUID()): Promise<Contract> {
    checkPolicy(input.slaPolicy);
    if (input.endsOn < input.startsOn) throw new InputError('endsOn', 'must not be before startsOn');
    return this.tx.run(async () => {
      if (!(await this.customers.findById(input.customerId))) throw new InputError('customerId', `customer ${input.customerId} does not exist`);
      const now = this.clock.now();
      const contract: Contract = {
        id, customerId: input.customerId, name: input.name, startsOn: input.startsOn, endsOn: input.endsOn,
        timeZone: input.timeZone ?? 'Asia/Shanghai', slaPolicy: input.slaPolicy, createdAt: now, updatedAt: now,
      };
      await this.contracts.insert(contract);
      await this.audit.record(actor, 'create', 'contract', id, null, contract);
      return contract;
    });
  }

  /** The contract's fault rules (levels, raises, flapping, major events); what is left out keeps the default. */
  replaceFaultRules(actor: Actor, id: string, faultRules: object): Promise<Contract> {
    checkRules(faultRules);
    return this.tx.run(async () => {
      const before = await this.get(id);
      const after: Contract = { ...before, faultRules, updatedAt: this.clock.now() };
      await this.contracts.update(after);
      await this.audit.record(actor, 'update', 'contract', id, before, after);
      return after;
    });
  }

  replacePolicy(actor: Actor, id: string, slaPolicy: object): Promise<Contract> {
    checkPolicy(slaPolicy);
    return this.tx.run(async () => {
      const before = await this.get(id);
      const after: Contract = { ...before, slaPolicy, updatedAt: this.clock.now() };
      await this.contracts.update(after);
      await this.audit.record(actor, 'update', 'contract', id, before, after);
      return after;
    });
  }
}

function checkRules(rules: unknown): void {
  const errors = validateFaultRules(rules);
  if (errors.length > 0) throw new InputError(errors[0].field, errors[0].message, errors);
}

function checkPolicy(policy: unknown): void {
  const errors = validateSlaPolicy(policy);
  if (errors.length > 0) throw new InputError(errors[0].field, errors[0].message, errors);
}
