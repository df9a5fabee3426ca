import { Injectable } from '@nestjs/common';
import { evaluateSla, targetsFor, type FaultLevel, type SlaEvent, type SlaOutcome } from '@vigil/domain';
import { ClockPort } from '../ports';
import { FaultContextService } from './fault-context.service';

/** SLA previews: the same engine that computes every stored fault's SLA, with nothing stored. */
@Injectable()
export class SlaService {
  constructor(private readonly context: FaultContextService, private readonly clock: ClockPort) {}

  async evaluate(input: { contractId?: string; level: FaultLevel; region: string; openedAt: Date; events: SlaEvent[]; asOf?: Date }): Promise<{ steps: SlaOutcome }> {
    const { policy, calendar } = await this.context.forContract(input.contractId);
    const steps = evaluateSla({
      targets: targetsFor(policy, input.level, input.region), repairMode: policy.repairMode, calendar,
      openedAt: input.openedAt, events: input.events, asOf: input.asOf ?? this.clock.now(),
    });
    return { steps };
  }
}
