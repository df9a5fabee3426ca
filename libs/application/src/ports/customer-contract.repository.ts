import type { Contract, Customer } from '@vigil/domain';

export abstract class CustomerRepository {
  abstract findById(id: string): Promise<Customer | null>;
  abstract list(): Promise<Customer[]>;
  abstract insert(customer: Customer): Promise<void>;
  abstract update(customer: Customer): Promise<void>;
}

export abstract class ContractRepository {
  abstract findById(id: string): Promise<Contract | null>;
  abstract list(): Promise<Contract[]>;
  abstract insert(contract: Contract): Promise<void>;
  abstract update(contract: Contract): Promise<void>;
}
