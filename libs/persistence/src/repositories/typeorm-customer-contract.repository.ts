import { Injectable } from '@nestjs/common';
import type { Contract, Customer } from '@vigil/domain';
import { ContractRepository, CustomerRepository } from '@vigil/application';
import { ContractEntity, CustomerEntity } from '../entities';
import { TypeormTransactionRunner } from '../typeorm-transaction.runner';

@Injectable()
export class TypeormCustomerRepository extends CustomerRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get repo() {
    return this.tx.manager().getRepository(CustomerEntity);
  }
  findById(id: string): Promise<Customer | null> {
    return this.repo.findOneBy({ id });
  }
  list(): Promise<Customer[]> {
    return this.repo.find({ order: { name: 'ASC' } });
  }
  async insert(customer: Customer): Promise<void> {
    await this.repo.insert({ contact: null, contactName: null, contactMobile: null, contactEmail: null, contactWecomId: null, ...customer });
  }
  async update(customer: Customer): Promise<void> {
    await this.repo.save(this.repo.create(customer));
  }
}

@Injectable()
export class TypeormContractRepository extends ContractRepository {
  constructor(private readonly tx: TypeormTransactionRunner) {
    super();
  }
  private get repo() {
    return this.tx.manager().getRepository(ContractEntity);
  }
  findById(id: string): Promise<Contract | null> {
    return this.repo.findOneBy({ id });
  }
  list(): Promise<Contract[]> {
    return this.repo.find({ order: { name: 'ASC' } });
  }
  async insert(contract: Contract): Promise<void> {
    await this.repo.save(this.repo.create(contract));
  }
  async update(contract: Contract): Promise<void> {
    await this.repo.save(contract);
  }
}
