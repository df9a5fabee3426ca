import { Injectable } from '@nestjs/common';
import { onRota } from '@vigil/domain';
import { FaultService } from '../faults/fault.service';
import { ClockPort, UserRepository, type ScheduledAction } from '../ports';
import { AlertSender } from './alert-sender';
import { RotaRouter } from './rota-router';

/**
 * The dispatch notice (`alert-dispatched`): one message to the assignee on their channels (mail, and the group chats
 * of a rota they are on), never muted: a person chose to send them. A later dispatch tells its own assignee.
 */
@Injectable()
export class DispatchNotices {
  constructor(
    private readonly faults: FaultService,
    private readonly router: RotaRouter,
    private readonly users: UserRepository,
    private readonly sender: AlertSender,
    private readonly clock: ClockPort,
  ) {}

  async notify(action: ScheduledAction): Promise<void> {
    const fault = await this.faults.require(String(action.payload.faultId));
    const assigneeId = String(action.payload.assigneeId);
    if (fault.assigneeId !== assigneeId || fault.state === 'closed') return;
    const rota = await this.router.rotaFor(fault, this.clock.now());
    const assignee = await this.users.findById(assigneeId);
    const theirs = rota && (onRota(rota, assigneeId) || rota.supervisorIds.includes(assigneeId) || rota.managerIds.includes(assigneeId)) ? rota : null;
    const reason = `dispatched to ${assignee?.displayName ?? assignee?.username ?? assigneeId}`;
    await this.sender.send(fault, theirs, { kind: 'notice', reason, step: 0 }, [assigneeId], theirs !== null, true);
  }
}
