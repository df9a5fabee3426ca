import { onRota, rotaCovers, type OnCallRota } from '../alerting/oncall-rota';
import type { Fault } from './fault';

/**
 * Whether an engineer may work a fault: one dispatched to them, or one not yet dispatched that a rota
 * they are on covers (so the engineer on call can acknowledge before anyone dispatches it). A fault
 * dispatched to someone else is theirs alone.
 */
export function engineerMayWork(fault: Pick<Fault, 'assigneeId' | 'siteId' | 'region' | 'level' | 'contractId'>, userId: string | null, rotas: readonly OnCallRota[]): boolean {
  if (userId === null) return false;
  if (fault.assigneeId !== null) return fault.assigneeId === userId;
  return rotas.some((rota) => onRota(rota, userId) && rotaCovers(rota, fault));
}
