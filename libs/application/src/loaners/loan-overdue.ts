import { Inject, Injectable } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { DEFAULT_TIME_ZONE, formatLocalDate, type AlertText, type Loan } from '@vigil/domain';
import { AlertBudgetService, type AlertSubjectSource } from '../alerting/alert-budget.service';
import { AccessPolicy } from '../identity/access-policy';
import { usersCovering } from '../identity/user-visibility';
import { ClockPort, FaultRepository, LoanRepository, SiteRepository, TransactionRunner, UserRepository, type ScheduledAction } from '../ports';
import { ScheduledActionRunner } from '../scheduling/scheduled-action-runner';
import { LOAN_OVERDUE } from './loan.service';

/** An overdue loaner is a level-3 matter for the quiet hours: it costs the customer nothing while it stands in. */
const OVERDUE_LEVEL = 3;

/**
 * Pages, once, about a loan still out at the end of its due day (the contract zone's midnight): the fault's assignee
 * and the supervisors covering the site, through the alert budget as a `loan` subject; a loan swapped back
 * meanwhile is no longer paged.
 */
@Injectable()
export class LoanOverdue implements AlertSubjectSource {
  constructor(
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    private readonly runner: ScheduledActionRunner,
    private readonly loans: LoanRepository,
    private readonly faults: FaultRepository,
    private readonly sites: SiteRepository,
    private readonly users: UserRepository,
    private readonly budget: AlertBudgetService,
    private readonly access: AccessPolicy,
    private readonly tx: TransactionRunner,
    private readonly clock: ClockPort,
  ) {}

  /** In the process that runs the durable timers and sends the digests (the scheduler). */
  start(): void {
    this.runner.register(LOAN_OVERDUE, (a) => this.overdue(a));
    this.budget.registerSubject('loan', this);
  }

  /** The page and its mark commit together, so a retried action never pages twice. */
  async overdue(action: ScheduledAction): Promise<void> {
    await this.tx.run(async () => {
      const loan = await this.loans.findById(String(action.payload.loanId));
      if (!loan || loan.state !== 'out' || loan.overdueAlertedAt) return;
      const site = await this.sites.findById(loan.siteId);
      const people = await this.peopleFor(loan);
      if (people.length > 0) {
        await this.budget.offerAbout(
          { kind: 'loan', id: loan.id, level: OVERDUE_LEVEL, siteId: loan.siteId, timeZone: site?.timeZone ?? DEFAULT_TIME_ZONE },
          { kind: 'alert', reason: '备机逾期未还 loaner overdue', step: 0 },
          people,
        );
      }
      await this.loans.save({ ...loan, overdueAlertedAt: this.clock.now() });
    });
  }

  async describe(ids: string[]): Promise<Map<string, { standing: boolean; text: AlertText }>> {
    const out = new Map<string, { standing: boolean; text: AlertText }>();
    for (const id of ids) {
      const loan = await this.loans.findById(id);
      if (!loan) continue;
      const site = await this.sites.findById(loan.siteId);
      out.set(id, { standing: loan.state === 'out', text: overdueText(loan, site?.name ?? loan.siteId, site?.timeZone ?? DEFAULT_TIME_ZONE, this.config.publicUrl) });
    }
    return out;
  }

  /** The fault's assignee and the active supervisors covering the site. */
  private async peopleFor(loan: Loan): Promise<string[]> {
    const fault = loan.faultId ? await this.faults.findById(loan.faultId) : null;
    const supervisors = (await this.users.list({ role: 'supervisor' }, {})).items.filter((u) => u.active);
    const covering = (await usersCovering(this.access, supervisors, loan.siteId)).map((u) => u.id);
    return [...new Set([...(fault?.assigneeId ? [fault.assigneeId] : []), ...covering])];
  }
}

function overdueText(loan: Loan, site: string, zone: string, publicUrl: string | null): AlertText {
  const what = `备机 loaner ${loan.loanerId} · ${site}`;
  return {
    title: `[Vigil] 备机逾期未还 loaner overdue: ${what}`,
    lines: [
      what,
      `代替 stands in for ${loan.standsInFor}`,
      `借出 lent ${formatLocalDate(loan.lentAt, zone)} · 应还 due back ${loan.dueBackOn} (${zone})`,
      ...(publicUrl ? [`${publicUrl.replace(/\/+$/, '')}/#/loaners`] : []),
    ],
  };
}
