import { Injectable } from '@nestjs/common';
import { formatLocalTime, type SlaStep } from '@vigil/domain';
import { FaultService } from '../faults/fault.service';
import { ClockPort, SiteRepository, type ScheduledAction } from '../ports';
import { AlertSender } from './alert-sender';
import { RotaRouter } from './rota-router';

/** An SLA step at 75 % of its time (`sla-check` warning) or past it (breach): the supervisors and the assignee are told, on a breach the managers too. */
@Injectable()
export class SlaNotices {
  constructor(
    private readonly faults: FaultService,
    private readonly router: RotaRouter,
    private readonly sites: SiteRepository,
    private readonly sender: AlertSender,
    private readonly clock: ClockPort,
  ) {}

  async check(action: ScheduledAction): Promise<void> {
    const fault = await this.faults.view(await this.faults.require(String(action.payload.faultId)));
    const step = String(action.payload.step) as SlaStep;
    const state = fault.sla?.[step];
    if (fault.state === 'closed' || !state || state.status === 'met' || state.status === 'paused') return;
    const kind = String(action.payload.kind);
    if (kind === 'breach' && state.status !== 'breached') return;
    await this.faults.noteSla(fault.id, step, kind === 'breach' ? 'breach' : 'warning', state.due);
    const rota = await this.router.rotaFor(fault, this.clock.now());
    // a breach reaches the managers too: the contract pays for it
    const people = [...new Set([...(rota?.supervisorIds ?? []), ...(kind === 'breach' ? (rota?.managerIds ?? []) : []), ...(fault.assigneeId ? [fault.assigneeId] : [])])];
    const zone = (await this.sites.findById(fault.siteId))?.timeZone;
    await this.sender.send(
      fault,
      rota,
      { kind: 'sla', reason: `SLA ${step} ${kind === 'breach' ? 'breached' : 'at 75 %'} (due ${formatLocalTime(state.due, zone)})`, step: kind === 'breach' ? 2 : 1 },
      people,
      true,
    );
  }
}
