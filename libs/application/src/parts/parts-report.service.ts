import { Injectable } from '@nestjs/common';
import { breachedWaitingForPart, consumptionByModel, monthRange, stockValueCents, type Actor, type PartConsumption } from '@vigil/domain';
import { InputError, NotFoundError } from '../errors';
import { FaultService } from '../faults/fault.service';
import { AccessPolicy } from '../identity/access-policy';
import { ContractRepository, FaultPartRepository, FaultRepository, StockRepository } from '../ports';

export interface PartsReport {
  contractId: string;
  month: string;
  timeZone: string;
  /** Parts fitted in the month on the contract's faults (in the reader's scope). */
  consumed: PartConsumption[];
  consumedCostCents: number;
  /** The value of the stock on hand now, per store and in all (the contractor's, not the contract's). */
  stock: { storeId: string; name: string; valueCents: number }[];
  stockValueCents: number;
  /** Faults of the contract whose repair deadline passed while a part was awaited. */
  breachedWaitingForPart: { faultId: string; siteId: string; level: number; repairDue: Date | null; partName: string; reservedAt: Date; fittedAt: Date | null }[];
}

/** The spare-parts figures of a contract and month: parts consumed, stock value, repair breaches while waiting for a part. */
@Injectable()
export class PartsReportService {
  constructor(
    private readonly contracts: ContractRepository,
    private readonly faultsRepo: FaultRepository,
    private readonly faults: FaultService,
    private readonly parts: FaultPartRepository,
    private readonly stock: StockRepository,
    private readonly access: AccessPolicy,
  ) {}

  async report(actor: Actor, contractId: string, month: string): Promise<PartsReport> {
    await this.access.require(actor, 'report.read');
    const contract = await this.contracts.findById(contractId);
    await this.access.requireCustomer(actor, 'report.read', contract?.customerId ?? null, 'contract', contractId);
    if (!contract) throw new NotFoundError('contract', contractId);
    const range = monthRange(month, contract.timeZone);
    if (!range) throw new InputError('month', 'must be a month written YYYY-MM');
    const siteIds = await this.access.siteFilter(actor, 'report.read');
    const faults = (await this.faultsRepo.list({ contractId, siteIds }, {})).items;
    const faultIds = new Set(faults.map((f) => f.id));
    const models = new Map((await this.stock.listPartModels()).map((m) => [m.id, m]));
    // every part, filtered here: a contract's faults may be more than a database takes as query parameters
    const allParts = (await this.parts.list({})).filter((p) => faultIds.has(p.faultId));
    const fitted = allParts.filter((p) => p.state === 'fitted' && p.fittedAt && p.fittedAt >= range.from && p.fittedAt < range.to);
    const consumed = consumptionByModel(fitted, models);
    const levels = await this.stock.listLevels({});
    const stores = await this.stock.listStores();
    const stock = stores.map((s) => ({
      storeId: s.id,
      name: s.name,
      valueCents: stockValueCents(
        levels.filter((l) => l.storeId === s.id),
        models,
      ),
    }));
    const breached: PartsReport['breachedWaitingForPart'] = [];
    for (const fault of faults) {
      const ofFault = allParts.filter((p) => p.faultId === fault.id);
      if (ofFault.length === 0) continue;
      const repair = (await this.faults.view(fault)).sla?.repair;
      const part = breachedWaitingForPart(repair, ofFault);
      // the month the deadline passed in
      if (!part || !repair?.due || repair.due < range.from || repair.due >= range.to) continue;
      const p = ofFault.find((x) => x.reservedAt === part.reservedAt)!;
      breached.push({
        faultId: fault.id,
        siteId: fault.siteId,
        level: fault.level,
        repairDue: repair.due,
        partName: models.get(p.partModelId)?.name ?? p.partModelId,
        reservedAt: p.reservedAt,
        fittedAt: p.fittedAt,
      });
    }
    return {
      contractId,
      month,
      timeZone: contract.timeZone,
      consumed,
      consumedCostCents: consumed.reduce((s, c) => s + c.costCents, 0),
      stock,
      stockValueCents: stock.reduce((s, x) => s + x.valueCents, 0),
      breachedWaitingForPart: breached,
    };
  }
}
