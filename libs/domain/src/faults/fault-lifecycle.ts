import type { FaultLevel } from '../sla/sla-policy';
import type { Fault, FaultState } from './fault';

/** The customer's signature on the service record of a closed fault (签字确认), kept in the fault's history. */
export interface CloseSignoff {
  signerName: string;
  signerTitle: string;
  /** PNG or JPEG data URL, drawn on the engineer's screen. */
  signature: string;
}

export type FaultAction =
  | { type: 'acknowledge'; plan: string | null }
  | { type: 'dispatch'; assigneeId: string }
  | { type: 'arrive' }
  | { type: 'restore'; note: string | null }
  | { type: 'close'; resolution: string; repaired: boolean; signoff?: CloseSignoff }
  | { type: 'pause'; reason: string }
  | { type: 'resume' }
  | { type: 'clear' }
  | { type: 'set-level'; level: FaultLevel };

export class FaultTransitionError extends Error {
  constructor(
    readonly action: FaultAction['type'],
    readonly state: FaultState,
  ) {
    super(`cannot ${action} a fault that is ${state}`);
  }
}

const ALLOWED: Record<FaultAction['type'], readonly FaultState[]> = {
  acknowledge: ['open'],
  dispatch: ['open', 'acknowledged', 'dispatched'],
  arrive: ['dispatched'],
  restore: ['open', 'acknowledged', 'dispatched', 'on-site'],
  close: ['restored', 'open', 'acknowledged', 'dispatched', 'on-site'],
  pause: ['open', 'acknowledged', 'dispatched', 'on-site', 'restored'],
  resume: ['open', 'acknowledged', 'dispatched', 'on-site', 'restored'],
  clear: ['open', 'acknowledged', 'dispatched', 'on-site', 'restored'],
  'set-level': ['open', 'acknowledged', 'dispatched', 'on-site', 'restored'],
};

const isPaused = (f: Fault) => f.pauses.some((p) => p.to === null);

/**
 * The fault after an action, or FaultTransitionError. Dispatching an unacknowledged fault acknowledges
 * it too; health recovery closes a fault nobody is working and leaves a worked one restored for its record.
 */
export function applyFaultAction(f: Fault, action: FaultAction, at: Date): Fault {
  if (!ALLOWED[action.type].includes(f.state)) throw new FaultTransitionError(action.type, f.state);
  const next: Fault = { ...f, pauses: f.pauses.map((p) => ({ ...p })), updatedAt: at };
  switch (action.type) {
    case 'acknowledge':
      return { ...next, state: 'acknowledged', acknowledgedAt: at, plan: action.plan ?? f.plan };
    case 'dispatch':
      return { ...next, state: 'dispatched', acknowledgedAt: f.acknowledgedAt ?? at, dispatchedAt: f.dispatchedAt ?? at, assigneeId: action.assigneeId };
    case 'arrive':
      return { ...next, state: 'on-site', arrivedAt: at };
    case 'restore':
      return { ...next, state: 'restored', restoredAt: at, resolution: action.note ?? f.resolution };
    case 'close': {
      const restoredAt = f.restoredAt ?? at;
      return { ...next, state: 'closed', closedAt: at, restoredAt, repairedAt: action.repaired ? at : f.repairedAt, resolution: action.resolution, pauses: closePauses(next, at) };
    }
    case 'pause':
      if (isPaused(f)) throw new FaultTransitionError('pause', f.state);
      return { ...next, pauses: [...next.pauses, { from: at, to: null, reason: action.reason }] };
    case 'resume':
      if (!isPaused(f)) throw new FaultTransitionError('resume', f.state);
      return { ...next, pauses: closePauses(next, at) };
    case 'clear': {
      const worked = f.state === 'dispatched' || f.state === 'on-site' || f.state === 'restored';
      const restored = { ...next, clearedAt: at, restoredAt: f.restoredAt ?? at };
      return worked
        ? { ...restored, state: 'restored' }
        : { ...restored, state: 'closed', closedAt: at, resolution: f.resolution ?? 'recovered by itself (health)', pauses: closePauses(next, at) };
    }
    case 'set-level':
      return { ...next, level: action.level };
  }
}

function closePauses(f: Fault, at: Date) {
  return f.pauses.map((p) => (p.to === null ? { ...p, to: at } : p));
}
