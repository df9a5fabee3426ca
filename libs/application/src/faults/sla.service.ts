import { Injectable } from '@nestjs/common';
import { DEMO_CONTRACT_ID, evaluateSla, targetsFor, type Actor, type FaultLevel, type SlaEvent, type SlaOutcome } from '@vigil/domain';
import { NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import { ClockPort, ContractRepository } from '../ports';
import { FaultContextService } from './fault-context.service';

/** SLA previews: the same engine that computes every stored fault's SLA, with nothing stored. */
@Injectable()
export class SlaService {
  constructor(
    private readonly context: FaultContextService,
    private readonly clock: ClockPort,
    private readonly access: AccessPolicy,
    private readonly contracts: ContractRepository,
  ) {}

  /**
   * Under the policy of a contract whose customer the actor may read (404 otherwise); without a contractId,
   * the demo contract's when there is one (checked the same way), else the built-in policy.
   */
  async evaluate(actor: Actor, input: { contractId?: string; level: FaultLevel; region: string; openedAt: Date; events: SlaEvent[]; asOf?: Date }): Promise<{ steps: SlaOutcome }> {
    await this.access.require(actor, 'sla.read');
    const contract = await this.contracts.findById(input.contractId ?? DEMO_CONTRACT_ID);
    if (input.contractId !== undefined && !contract) throw new NotFoundError('contract', input.contractId);
    if (contract) await this.access.requireCustomer(actor, 'sla.read', contract.customerId, 'contract', contract.id);
    const { policy, calendar } = await this.context.forContract(input.contractId);
    const steps = evaluateSla({
      targets: targetsFor(policy, input.level, input.region),
      repairMode: policy.repairMode,
      calendar,
      openedAt: input.openedAt,
      events: input.events,
      asOf: input.asOf ?? this.clock.now(),
    });
    return { steps };
  }
}
