import { Injectable, Logger } from '@nestjs/common';
import { evaluateFaultSla } from '@vigil/domain';
import { AlertPlanner } from '../alerting/alert-planner';
import { ClockPort, FaultRepository, TransactionRunner } from '../ports';
import { FaultContextService } from './fault-context.service';
import { FaultNotices } from './fault-notices';

/**
 * A year's holiday calendar was loaded or replaced: every live fault whose clock counts on that year
 * (on weekdays, flagged, until now) gets its SLA, its SLA timers and its record anew. Closed faults
 * that closed counting it as weekdays are recomputed when next read (FaultService.view).
 */
@Injectable()
export class SlaRecomputeService {
  private readonly logger = new Logger(SlaRecomputeService.name);

  constructor(
    private readonly faults: FaultRepository,
    private readonly context: FaultContextService,
    private readonly planner: AlertPlanner,
    private readonly tx: TransactionRunner,
    private readonly notices: FaultNotices,
    private readonly clock: ClockPort,
  ) {}

  /** Answers how many live faults were recomputed. */
  async afterCalendarLoaded(year: number): Promise<number> {
    const live = await this.faults.list({ state: 'open' }, {});
    const terms = new Map<string, ReturnType<FaultContextService['forContract']>>();
    let recomputed = 0;
    for (const listed of live.items) {
      const key = listed.contractId ?? '';
      if (!terms.has(key)) terms.set(key, this.context.forContract(listed.contractId ?? undefined));
      try {
        const { policy, calendar } = await terms.get(key)!;
        const counting = calendar.assumingWeekdays();
        evaluateFaultSla(listed, policy, counting, this.clock.now());
        if (!counting.yearsCounted().includes(year)) continue;
        if (await this.recompute(listed.id)) recomputed += 1;
      } catch (err) {
        // a region outside the policy, a contract gone: that fault has no SLA to plan, the others still do
        this.logger.warn(`SLA of fault ${listed.id} not recomputed for the ${year} calendar: ${(err as Error).message}`);
      }
    }
    return recomputed;
  }

  private recompute(faultId: string): Promise<boolean> {
    return this.tx.run(async () => {
      const fault = await this.faults.findByIdForUpdate(faultId);
      if (!fault || fault.state === 'closed') return false;
      const { policy, calendar } = await this.context.forContract(fault.contractId ?? undefined);
      const sla = evaluateFaultSla(fault, policy, calendar.assumingWeekdays(), this.clock.now());
      await this.planner.planChanged(fault, sla);
      await this.faults.recordSla(fault.id, sla);
      this.tx.afterCommit(() => this.notices.publish({ type: 'updated', fault }));
      return true;
    });
  }
}
