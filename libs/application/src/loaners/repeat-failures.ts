import { Injectable, type OnModuleInit } from '@nestjs/common';
import { repeatOf, type Actor, type Fault } from '@vigil/domain';
import { AlertBudgetService } from '../alerting/alert-budget.service';
import { PartsTermsService } from '../contracts/parts-terms.service';
import { FaultTransitionHooks } from '../faults/fault-transition-hooks';
import { NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import { usersCovering } from '../identity/user-visibility';
import { FaultRepository, RepeatFailureRepository, UserRepository, type RepeatFailure } from '../ports';

/** A step of its own, so the budget never takes the flag for the fault's opening page. */
const REPEAT_STEP = 90;

/**
 * The repeat-failure rule: a fault opening on a device whose fault of the same kind was repaired (closed) within the
 * contract's repeatFailureDays is flagged "replace recommended", in the transaction that opens it, and the supervisors
 * covering the site are paged about it once through the alert budget.
 */
@Injectable()
export class RepeatFailures implements OnModuleInit {
  constructor(
    private readonly hooks: FaultTransitionHooks,
    private readonly faults: FaultRepository,
    private readonly flags: RepeatFailureRepository,
    private readonly terms: PartsTermsService,
    private readonly users: UserRepository,
    private readonly budget: AlertBudgetService,
    private readonly access: AccessPolicy,
  ) {}

  onModuleInit(): void {
    this.hooks.registerOpened((f) => this.check(f).then(() => undefined));
  }

  /** The flag of a fault, as the actor may see it. */
  async of(actor: Actor, faultId: string): Promise<{ faultId: string; replaceRecommended: boolean; earlierFaultId: string | null; flaggedAt: Date | null }> {
    await this.access.require(actor, 'fault.read');
    const fault = await this.faults.findById(faultId);
    if (!fault) throw new NotFoundError('fault', faultId);
    await this.access.requireSite(actor, 'fault.read', fault.siteId, 'fault', faultId);
    const flag = await this.flags.find(faultId);
    return { faultId, replaceRecommended: flag !== null, earlierFaultId: flag?.earlierFaultId ?? null, flaggedAt: flag?.flaggedAt ?? null };
  }

  /** Answers the flag when this fault repeats an earlier one. */
  async check(fault: Fault): Promise<RepeatFailure | null> {
    if (!fault.deviceId) return null;
    const { repeatFailureDays } = await this.terms.forContract(fault.contractId);
    if (repeatFailureDays <= 0) return null;
    const closed = (await this.faults.list({ deviceId: fault.deviceId, kind: fault.kind, state: 'closed' }, { limit: 50 })).items;
    // a fault that cleared by itself (the device came back) was not repaired: it is the flap detector's business
    const repaired = closed.map((f) => ({ ...f, closedAt: f.clearedAt ? null : f.closedAt }));
    const earlier = repeatOf(fault, fault.openedAt, repaired, repeatFailureDays);
    if (!earlier) return null;
    const flag: RepeatFailure = { faultId: fault.id, earlierFaultId: earlier.id, deviceId: fault.deviceId, siteId: fault.siteId, flaggedAt: fault.openedAt };
    if (!(await this.flags.insert(flag))) return null;
    const supervisors = (await this.users.list({ role: 'supervisor' }, {})).items.filter((u) => u.active);
    const people = (await usersCovering(this.access, supervisors, fault.siteId)).map((u) => u.id);
    if (people.length > 0) await this.budget.offer(fault, { kind: 'alert', reason: '重复故障，建议更换 repeat failure: replace recommended', step: REPEAT_STEP }, people, []);
    return flag;
  }
}
