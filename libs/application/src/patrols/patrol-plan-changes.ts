import { Injectable } from '@nestjs/common';
import { InternalBus } from '../ports';

export const PATROL_PLANS_CHANNEL = 'patrol-plans';

/**
 * "Patrol plans were seeded", told to every process (this one included, by the bus), so the scheduler
 * generates their current patrols at once instead of at its next tick: on a fresh install the console
 * seeds the demo plans, and the scheduler may be another process. A lost notice only delays until that tick.
 */
@Injectable()
export class PatrolPlanChanges {
  constructor(private readonly bus: InternalBus) {}

  announce(planIds: string[]): void {
    if (planIds.length > 0) this.bus.publish(PATROL_PLANS_CHANNEL, { planIds });
  }

  /** Answers the unsubscribe. */
  onAdded(handler: () => void): () => void {
    return this.bus.subscribe(PATROL_PLANS_CHANNEL, () => handler());
  }
}
