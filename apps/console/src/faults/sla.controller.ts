import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { SlaService } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor } from '@vigil/runtime';
import { EvaluateSlaDto } from './fault.dto';

@ApiTags('sla')
@ApiBearerAuth()
@Controller('api/sla')
export class SlaController {
  constructor(private readonly sla: SlaService) {}

  /** What a fault's SLA would be under a contract's policy (its customer in the caller's scope); stores nothing. */
  @Post('evaluate')
  @Can('sla.read')
  @HttpCode(200)
  evaluate(@CurrentActor() actor: Actor, @Body() body: EvaluateSlaDto) {
    return this.sla.evaluate(actor, {
      contractId: body.contractId,
      level: body.level,
      region: body.region,
      openedAt: new Date(body.openedAt),
      events: (body.events ?? []).map((e) => ({ at: new Date(e.at), type: e.type, reason: e.reason ?? null })),
      asOf: body.asOf ? new Date(body.asOf) : undefined,
    });
  }
}
