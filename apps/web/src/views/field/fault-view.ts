import type { FaultState } from '@vigil/domain/faults/fault';
import type { QueuedWrite } from '@web/offline/queue';
import type { FaultItem } from './types';

export interface FaultView<F extends FaultItem = FaultItem> {
  fault: F;
  state: FaultState;
  /** The state shown comes from a write still waiting in the queue. */
  statePending: boolean;
  /** The server refused the last write for this fault (in the reader's language). */
  refused: string | null;
}

const AFTER: Partial<Record<QueuedWrite['kind'], FaultState>> = { 'fault.arrive': 'on-site', 'fault.restore': 'restored', 'fault.close': 'closed' };

/** The fault with the queue's writes for it laid over the server's answer. */
export function faultView<F extends FaultItem>(fault: F, writes: readonly QueuedWrite[]): FaultView<F> {
  const mine = writes.filter((w) => w.subject.faultId === fault.id);
  let state = fault.state;
  let statePending = false;
  for (const w of mine) {
    const next = AFTER[w.kind];
    if (next && !w.failed) {
      state = next;
      statePending = true;
    }
  }
  return { fault, state, statePending, refused: mine.filter((w) => w.failed).at(-1)?.lastError ?? null };
}

/** What the engineer may do next on a fault in this state (the server checks again). */
export function faultActions(state: FaultState): { arrive: boolean; restore: boolean; close: boolean } {
  return {
    arrive: state === 'dispatched',
    restore: state === 'dispatched' || state === 'on-site',
    close: state === 'on-site' || state === 'restored',
  };
}
