import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CallbackTimers } from '@vigil/application';

/** Hands the callbacks' durable timers (open a job's callback, tell of a missed one) to the runner the FaultsWorker starts. */
@Injectable()
export class CallbacksWorker implements OnApplicationBootstrap {
  constructor(private readonly timers: CallbackTimers) {}

  onApplicationBootstrap(): void {
    this.timers.start();
  }
}
