import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AlertDispatcher, FaultEngine, ScheduledActionRunner } from '@vigil/application';

/** Runs the fault engine (device events → faults) and the durable timers behind correlation, escalation and SLA alerts. */
@Injectable()
export class FaultsWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly engine: FaultEngine,
    private readonly dispatcher: AlertDispatcher,
    private readonly runner: ScheduledActionRunner,
  ) {}

  onApplicationBootstrap(): void {
    this.engine.start();
    this.dispatcher.start();
    this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.engine.stop();
    await this.runner.stop();
  }
}
