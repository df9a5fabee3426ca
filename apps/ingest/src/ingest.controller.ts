import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IngestInspectionService } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor } from '@vigil/runtime';

/** What the ingest processes have seen: totals, the newest dropped messages, and unknown device ids. */
@ApiTags('ingest')
@ApiBearerAuth()
@Controller('api/ingest')
export class IngestController {
  constructor(private readonly inspection: IngestInspectionService) {}

  @Get('stats')
  @Can('ingest.read')
  stats(@CurrentActor() actor: Actor) {
    return this.inspection.stats(actor);
  }

  @Get('dropped')
  @Can('ingest.diagnostics.read')
  dropped(@CurrentActor() actor: Actor) {
    return this.inspection.dropped(actor);
  }

  @Get('discovered')
  @Can('ingest.diagnostics.read')
  discoveredDevices(@CurrentActor() actor: Actor) {
    return this.inspection.discovered(actor);
  }

  @Delete('discovered/:id')
  @Can('ingest.discovered.write')
  @HttpCode(204)
  forget(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.inspection.forget(actor, id);
  }
}
