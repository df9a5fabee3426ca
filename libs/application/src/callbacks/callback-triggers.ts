import { Injectable, type OnModuleInit } from '@nestjs/common';
import { FaultTransitionHooks, type FaultTransition } from '../faults/fault-transition-hooks';
import { CallbackOpener } from './callback-opener';

/**
 * Hooks callbacks onto faults without changing them: a person closing a fault asks, in the same transaction, for
 * its callback through a durable timer keyed by the fault (due at once), which the scheduler turns into the callback.
 * So the close and the request commit together; health recovery closes with `clear`, nobody's job, and asks nothing.
 * The callback is made when the fault closes (only then is it known whether anyone went) and is due `delayMinutes`
 * after the restore, never before the close.
 */
@Injectable()
export class CallbackTriggers implements OnModuleInit {
  constructor(
    private readonly hooks: FaultTransitionHooks,
    private readonly opener: CallbackOpener,
  ) {}

  onModuleInit(): void {
    this.hooks.register((t) => this.onTransition(t).then(() => undefined));
  }

  /** Answers whether it asked for a callback. */
  async onTransition({ action, after }: FaultTransition): Promise<boolean> {
    if (action.type !== 'close' || after.state !== 'closed') return false;
    await this.opener.request('fault', after.id);
    return true;
  }
}
