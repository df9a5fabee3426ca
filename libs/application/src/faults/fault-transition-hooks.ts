import { Injectable } from '@nestjs/common';
import type { Actor, Fault, FaultAction } from '@vigil/domain';

/** A change a person or the engine made to a fault, as FaultService.apply stored it. */
export interface FaultTransition {
  before: Fault;
  after: Fault;
  action: FaultAction;
  actor: Actor | null;
}

export type FaultTransitionHook = (transition: FaultTransition) => Promise<void>;
export type FaultOpenedHook = (fault: Fault) => Promise<void>;

/**
 * Work other features do when a fault changes (a service-record draft on closing after a visit, a callback after a
 * phone fix), inside the transaction that changes it, so both commit or neither. Features register in their module's
 * onModuleInit; a hook only adds its own records and never changes the fault.
 */
@Injectable()
export class FaultTransitionHooks {
  private readonly hooks: FaultTransitionHook[] = [];
  private readonly openedHooks: FaultOpenedHook[] = [];

  register(hook: FaultTransitionHook): void {
    this.hooks.push(hook);
  }

  /** Work done when a fault opens (by the engine or a person), in the transaction that opens it. */
  registerOpened(hook: FaultOpenedHook): void {
    this.openedHooks.push(hook);
  }

  async run(transition: FaultTransition): Promise<void> {
    for (const hook of this.hooks) await hook(transition);
  }

  async runOpened(fault: Fault): Promise<void> {
    for (const hook of this.openedHooks) await hook(fault);
  }
}
