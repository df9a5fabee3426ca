import { Injectable } from '@nestjs/common';
import { windowMutes, type Fault, type OnCallRota } from '@vigil/domain';
import { ClockPort, MaintenanceWindowRepository, NotificationLog } from '../ports';
import { AlertBudgetService, type AlertOffer } from './alert-budget.service';

/** Hands an alert to the recipients' budgets, unless a maintenance window mutes it or no rota answers for the fault: both are recorded. */
@Injectable()
export class AlertSender {
  constructor(
    private readonly budget: AlertBudgetService,
    private readonly windows: MaintenanceWindowRepository,
    private readonly log: NotificationLog,
    private readonly clock: ClockPort,
  ) {}

  /**
   * Offers the alert to the people's and the rota's webhooks' budgets; answers how many it was offered to (0: muted,
   * or no rota covers the fault). `direct`: a message a person caused (a dispatch), for the users named whatever the
   * rota and maintenance windows.
   */
  async send(fault: Fault, rota: OnCallRota | null, alert: AlertOffer, userIds: string[], hooks: boolean, direct = false): Promise<number> {
    const now = this.clock.now();
    const base = { faultId: fault.id, at: now, reason: alert.reason.slice(0, 200), step: alert.step };
    const muted = direct ? undefined : (await this.windows.activeAt(now)).find((w) => windowMutes(w, now, fault.siteId, fault.deviceId));
    if (muted) {
      await this.log.record([{ ...base, channel: 'dashboard', recipient: '*', status: 'muted', detail: `maintenance window ${muted.name}` }]);
      return 0;
    }
    if (!rota && !direct) {
      await this.log.record([{ ...base, channel: 'dashboard', recipient: 'operators', status: 'failed', detail: 'no on-call rota covers this fault' }]);
      return 0;
    }
    return this.budget.offer(fault, alert, userIds, hooks && rota ? rota.webhooks : []);
  }
}
