import { Injectable } from '@nestjs/common';
import { DEVICE_ID_PATTERN, isDeviceType, type Actor, type DeviceType, type LoanerUnit, type LoanView } from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { DeviceCredentialsService } from '../devices/device-credentials.service';
import { ConflictError, InputError, NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import { ClockPort, DeviceRepository, LoanerRepository, StockRepository, TransactionRunner } from '../ports';
import { LoanService } from './loan.service';

export interface LoanerInput {
  id: string;
  type: DeviceType;
  model?: string | null;
  serial?: string | null;
  vendor?: string | null;
  storeId: string;
}

/** Where a physical unit is: in its store, or standing in at a site on a loan. */
export interface LoanerWhereabouts {
  unit: LoanerUnit;
  loan: LoanView | null;
}

/**
 * The loaner pool (备机): units kept in a store, each with the MQTT login it heartbeats with (issued once, at
 * creation, and kept while it is in store so it works again on its next loan).
 */
@Injectable()
export class LoanerService {
  constructor(
    private readonly loaners: LoanerRepository,
    private readonly devices: DeviceRepository,
    private readonly credentials: DeviceCredentialsService,
    private readonly loans: LoanService,
    private readonly stock: StockRepository,
    private readonly access: AccessPolicy,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
  ) {}

  async list(actor: Actor, filter: { storeId?: string; state?: LoanerUnit['state'] }): Promise<LoanerUnit[]> {
    await this.access.require(actor, 'loaner.read');
    return this.loaners.list(filter);
  }

  /** The register's answer to "where is unit X": the unit and the loan it is out on, if any. */
  async where(actor: Actor, id: string): Promise<LoanerWhereabouts> {
    await this.access.require(actor, 'loaner.read');
    const unit = await this.loaners.findById(id);
    if (!unit) throw new NotFoundError('loaner', id);
    return { unit, loan: unit.state === 'lent' ? await this.loans.outOf(actor, id) : null };
  }

  /** Adds a unit to the pool and answers its MQTT login, shown this once. */
  async create(actor: Actor, input: LoanerInput): Promise<{ unit: LoanerUnit; login: { username: string; password: string } }> {
    // the pool serves every customer: only a user of the whole estate manages it
    await this.access.requireWholeEstate(actor, 'loaner.write');
    if (!DEVICE_ID_PATTERN.test(input.id)) throw new InputError('id', 'must be 1–64 of A-Z a-z 0-9 . _ -');
    if (!isDeviceType(input.type)) throw new InputError('type', 'is not a device type');
    if (!input.storeId?.trim()) throw new InputError('storeId', 'is required');
    const store = await this.stock.findStore(input.storeId);
    if (!store?.active) throw new InputError('storeId', `is not an active store: ${input.storeId}`);
    const unit = await this.tx.run(async () => {
      if (await this.loaners.findById(input.id)) throw new ConflictError(`loaner ${input.id} exists`);
      if (await this.devices.findById(input.id)) throw new ConflictError(`a device of the register is called ${input.id}; a loaner needs an id of its own`);
      const now = this.clock.now();
      const created: LoanerUnit = {
        id: input.id,
        type: input.type,
        model: input.model ?? null,
        serial: input.serial ?? null,
        vendor: input.vendor ?? null,
        storeId: input.storeId,
        state: 'in-store',
        createdAt: now,
        updatedAt: now,
      };
      await this.loaners.save(created);
      await this.audit.record(actor, 'create', 'loaner', created.id, null, created);
      return created;
    });
    const [login] = await this.credentials.storeFor(actor, [unit.id]);
    return { unit, login: { username: login.username, password: login.password } };
  }

  /** Issues (rotates) a unit's MQTT login, answered once: for a unit added without one (the demo's) or one whose secret was lost. */
  async issueSecret(actor: Actor, id: string): Promise<{ username: string; password: string }> {
    await this.access.requireWholeEstate(actor, 'loaner.write');
    if (!(await this.loaners.findById(id))) throw new NotFoundError('loaner', id);
    const [login] = await this.credentials.storeFor(actor, [id]);
    return { username: login.username, password: login.password };
  }

  /** Takes a unit in store out of the pool for good. */
  async retire(actor: Actor, id: string): Promise<LoanerUnit> {
    await this.access.requireWholeEstate(actor, 'loaner.write');
    return this.tx.run(async () => {
      const before = await this.loaners.findById(id);
      if (!before) throw new NotFoundError('loaner', id);
      if (before.state !== 'in-store') throw new ConflictError(`loaner ${id} is ${before.state}; only a unit in store can be retired`);
      const after: LoanerUnit = { ...before, state: 'retired', updatedAt: this.clock.now() };
      await this.loaners.save(after);
      await this.audit.record(actor, 'update', 'loaner', id, before, after);
      return after;
    });
  }
}
