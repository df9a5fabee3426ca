import { Injectable } from '@nestjs/common';
import { DEMO_CONTRACT_ID, mergeFaultRules, DEMO_SLA_POLICY, WorkingCalendar, type Contract, type FaultRules, type Site, type SlaPolicy } from '@vigil/domain';
import { NotFoundError } from '../errors';
import { ContractRepository, HolidayScheduleRepository, SiteRepository } from '../ports';

export interface FaultContext {
  site: Site;
  contract: Contract | null;
  rules: FaultRules;
  policy: SlaPolicy;
  calendar: WorkingCalendar;
}

/** The contract terms that apply at a site: fault rules, SLA policy and the working calendar. */
@Injectable()
export class FaultContextService {
  constructor(
    private readonly sites: SiteRepository,
    private readonly contracts: ContractRepository,
    private readonly holidays: HolidayScheduleRepository,
  ) {}

  async forSite(siteId: string): Promise<FaultContext> {
    const site = await this.sites.findById(siteId);
    if (!site) throw new NotFoundError('site', siteId);
    const contract = site.contractId ? await this.contracts.findById(site.contractId) : await this.contracts.findById(DEMO_CONTRACT_ID);
    return { site, contract, ...(await this.terms(contract)) };
  }

  async forContract(contractId: string | undefined): Promise<{ contract: Contract | null; rules: FaultRules; policy: SlaPolicy; calendar: WorkingCalendar }> {
    const id = contractId ?? DEMO_CONTRACT_ID;
    const contract = await this.contracts.findById(id);
    if (!contract && contractId !== undefined) throw new NotFoundError('contract', contractId);
    return { contract, ...(await this.terms(contract)) };
  }

  private async terms(contract: Contract | null) {
    const policy = (contract?.slaPolicy as SlaPolicy | undefined) ?? DEMO_SLA_POLICY;
    const rules = mergeFaultRules(contract?.faultRules as Partial<FaultRules> | null | undefined);
    const calendar = new WorkingCalendar(await this.holidays.list(), policy.timeZone);
    return { rules, policy, calendar };
  }
}
