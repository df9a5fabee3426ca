import { Injectable } from '@nestjs/common';
import { loanerDaysBySite, monthRange, rmaTurnaround, type Actor, type Contract, type RmaTurnaround } from '@vigil/domain';
import { InputError, NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import { ClockPort, ContractRepository, LoanRepository, RmaRepository, SiteRepository } from '../ports';

export interface LoanerMonth {
  /** Loaner-days per site within the month (a loan across a month boundary counts in each month for its days there). */
  loanerDays: { siteId: string; siteName: string; loanerDays: number; loans: number }[];
  /** RMAs returned within the month, per vendor and model. */
  rmaTurnaround: RmaTurnaround[];
}

/** Loaner-days per site and RMA turnaround per vendor and model in a contract's month: its own report and two tables of the monthly service report. */
@Injectable()
export class LoanerReportService {
  constructor(
    private readonly contracts: ContractRepository,
    private readonly sites: SiteRepository,
    private readonly loans: LoanRepository,
    private readonly rmas: RmaRepository,
    private readonly access: AccessPolicy,
    private readonly clock: ClockPort,
  ) {}

  async month(
    actor: Actor,
    contractId: string,
    period: string,
  ): Promise<LoanerMonth & { contract: { id: string; name: string; timeZone: string }; period: string; from: string; to: string }> {
    await this.access.require(actor, 'report.read');
    const contract = await this.contracts.findById(contractId);
    await this.access.requireCustomer(actor, 'report.read', contract?.customerId ?? null, 'contract', contractId);
    if (!contract) throw new NotFoundError('contract', contractId);
    const range = monthRange(period, contract.timeZone);
    if (!range) throw new InputError('period', 'must be a month written YYYY-MM');
    const scope = await this.access.siteFilter(actor, 'report.read');
    const siteIds = (await this.sites.listAll()).filter((s) => s.contractId === contract.id && (scope === null || scope.includes(s.id))).map((s) => s.id);
    return {
      contract: { id: contract.id, name: contract.name, timeZone: contract.timeZone },
      period,
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      ...(await this.within(contract, range, siteIds)),
    };
  }

  /** For the service report, which checked the actor: the month's figures over these sites of the contract. */
  async within(_contract: Pick<Contract, 'id'>, range: { from: Date; to: Date }, siteIds: string[]): Promise<LoanerMonth> {
    const [loans, rmas, sites] = await Promise.all([
      this.loans.list({ siteIds, from: range.from, to: range.to }, {}),
      this.rmas.list({ siteIds, returnedFrom: range.from, returnedTo: range.to }, {}),
      this.sites.listAll(),
    ]);
    const names = new Map(sites.map((s) => [s.id, s.name]));
    return {
      loanerDays: loanerDaysBySite(loans.items, range.from, range.to, this.clock.now()).map((r) => ({ ...r, siteName: names.get(r.siteId) ?? r.siteId })),
      rmaTurnaround: rmaTurnaround(rmas.items),
    };
  }
}
