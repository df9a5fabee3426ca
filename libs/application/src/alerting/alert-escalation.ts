import { Injectable } from '@nestjs/common';
import { ESCALATION_STEPS, recipientsOfStep, stepsReached } from '@vigil/domain';
import { FaultService } from '../faults/fault.service';
import { ClockPort, ScheduledActions, TransactionRunner, type ScheduledAction } from '../ports';
import { AlertPlanner } from './alert-planner';
import { AlertSender } from './alert-sender';
import { RotaRouter } from './rota-router';

/** The alerts of an unacknowledged fault: its first alert and escalation steps (`alert-step`), then its repeats (`alert-repeat`). */
@Injectable()
export class AlertEscalation {
  constructor(
    private readonly faults: FaultService,
    private readonly router: RotaRouter,
    private readonly planner: AlertPlanner,
    private readonly sender: AlertSender,
    private readonly actions: ScheduledActions,
    private readonly clock: ClockPort,
    private readonly tx: TransactionRunner,
  ) {}

  async step(action: ScheduledAction): Promise<void> {
    const fault = await this.faults.require(String(action.payload.faultId));
    if (fault.state !== 'open') return;
    const step = Number(action.payload.step);
    const now = this.clock.now();
    const rota = await this.router.rotaFor(fault, now);
    const reason = step === 0 ? 'new fault' : `not acknowledged: escalated to ${ESCALATION_STEPS[step]}`;
    const offered = await this.sender.send(fault, rota, { kind: 'alert', reason, step }, rota ? recipientsOfStep(rota, step, now) : [], step === 0 || step >= 2);
    // muted, unrouted or no one to tell yet: escalation and repeats still run, counted from now
    if (offered === 0 && step === 0 && !(await this.planner.followUpsPlanned(fault.id))) await this.planner.planFollowUps(fault, now);
  }

  async repeat(action: ScheduledAction): Promise<void> {
    const fault = await this.faults.require(String(action.payload.faultId));
    if (fault.state !== 'open') return;
    const now = this.clock.now();
    const rota = await this.router.rotaFor(fault, now);
    if (!rota) return;
    const firstSentAt = typeof action.payload.firstSentAt === 'string' ? new Date(action.payload.firstSentAt) : fault.openedAt;
    const reached = stepsReached(firstSentAt, now, rota);
    const people = [...new Set(Array.from({ length: reached + 1 }, (_, s) => recipientsOfStep(rota, s, now)).flat())];
    await this.sender.send(fault, rota, { kind: 'alert', reason: 'still not acknowledged', step: reached }, people, false);
    // acknowledged while this was queued: the acknowledgement cancelled the repeats, do not bring them back
    await this.tx.run(async () => {
      if ((await this.faults.require(fault.id)).state !== 'open') return;
      await this.actions.schedule(`alert:${fault.id}:repeat`, 'alert-repeat', new Date(now.getTime() + rota.repeatEveryMinutes * 60_000), {
        faultId: fault.id,
        firstSentAt: firstSentAt.toISOString(),
      });
    });
  }
}
