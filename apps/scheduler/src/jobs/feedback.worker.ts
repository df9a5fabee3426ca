import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { FeedbackEscalation } from '@vigil/application';

/** The complaints' escalation ladder: its durable timers run with the faults' (FaultsWorker starts the runner), its messages through the same budget. */
@Injectable()
export class FeedbackWorker implements OnApplicationBootstrap {
  constructor(private readonly escalation: FeedbackEscalation) {}

  onApplicationBootstrap(): void {
    this.escalation.start();
  }
}
