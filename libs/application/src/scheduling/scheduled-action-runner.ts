import { Injectable, Logger } from '@nestjs/common';
import { ClockPort, ScheduledActions, SchedulerPort, type Cancel, type ScheduledAction } from '../ports';

export type ActionHandler = (action: ScheduledAction) => Promise<void>;

const TICK_MS = 500;
const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 5;

/** Runs due durable timers by kind; any number of processes may run it, each action goes to one. */
@Injectable()
export class ScheduledActionRunner {
  private readonly logger = new Logger(ScheduledActionRunner.name);
  private readonly handlers = new Map<string, ActionHandler>();
  private cancel: Cancel | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly actions: ScheduledActions,
    private readonly clock: ClockPort,
    private readonly scheduler: SchedulerPort,
  ) {}

  register(kind: string, handler: ActionHandler): void {
    this.handlers.set(kind, handler);
  }

  start(): void {
    if (!this.cancel) this.cancel = this.scheduler.every(TICK_MS, () => this.runDue(), 'scheduled-actions');
  }

  async stop(): Promise<void> {
    this.cancel?.();
    this.cancel = null;
    await this.running;
  }

  /** Runs what is due now; answers when done (tests call it directly). */
  runDue(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.work().finally(() => (this.running = null));
    return this.running;
  }

  private async work(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      const due = await this.actions.claimDue(now, new Date(now.getTime() + LEASE_MS), 100).catch((err: Error) => {
        this.logger.error(`cannot read scheduled actions: ${err.message}`);
        return [];
      });
      for (const action of due) await this.runOne(action);
      if (due.length < 100) return;
    }
  }

  private async runOne(action: ScheduledAction): Promise<void> {
    const handler = this.handlers.get(action.kind);
    if (!handler) return; // another kind of process handles it; its lease runs out and it comes round again
    try {
      await handler(action);
      await this.actions.complete(action);
    } catch (err) {
      this.logger.error(`${action.key} failed (attempt ${action.attempts}): ${(err as Error).message}`);
      if (action.attempts >= MAX_ATTEMPTS) await this.actions.complete(action);
    }
  }
}
