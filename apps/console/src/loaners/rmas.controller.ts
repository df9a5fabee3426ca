import { Body, Controller, Get, HttpCode, Param, ParseEnumPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RepeatFailures, RmaService, WarrantyService } from '@vigil/application';
import { RMA_STEPS, type Actor, type RmaStep } from '@vigil/domain';
import { Can, CurrentActor, Idempotent } from '@vigil/runtime';
import { pageOf } from '../http/page-query.dto';
import { CreateRmaDto, RmaQueryDto, RmaStepDto, WarrantyQueryDto } from './loaner.dto';

const filterOf = (q: RmaQueryDto) => ({ deviceId: q.deviceId, faultId: q.faultId, vendor: q.vendor, state: q.state, customerId: q.customerId });

/** Returns to the vendor (RMA), a device's warranty, and a fault's repeat-failure flag. */
@ApiTags('rmas')
@ApiBearerAuth()
@Controller('api')
export class RmasController {
  constructor(
    private readonly rmas: RmaService,
    private readonly warranty: WarrantyService,
    private readonly repeats: RepeatFailures,
  ) {}

  @Get('rmas')
  @Can('rma.read')
  list(@CurrentActor() actor: Actor, @Query() q: RmaQueryDto) {
    return this.rmas.list(actor, filterOf(q), pageOf(q));
  }

  @Get('rmas/export.csv')
  @Can('rma.read')
  async csv(@CurrentActor() actor: Actor, @Query() q: RmaQueryDto, @Res() res: Response) {
    res
      .type('text/csv; charset=utf-8')
      .attachment('rmas.csv')
      .send(await this.rmas.exportCsv(actor, filterOf(q)));
  }

  @Post('rmas')
  @Can('rma.write')
  @Idempotent()
  create(@CurrentActor() actor: Actor, @Body() body: CreateRmaDto) {
    return this.rmas.create(actor, body);
  }

  @Get('rmas/:id')
  @Can('rma.read')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.rmas.get(actor, id);
  }

  @Post('rmas/:id/:step')
  @Can('rma.write')
  @HttpCode(200)
  @ApiParam({ name: 'step', enum: RMA_STEPS })
  step(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Param('step', new ParseEnumPipe(Object.fromEntries(RMA_STEPS.map((s) => [s, s])))) step: RmaStep,
    @Body() body: RmaStepDto,
  ) {
    return this.rmas.step(actor, id, step, body);
  }

  @Get('devices/:id/warranty')
  @Can('estate.read')
  warrantyOf(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() q: WarrantyQueryDto) {
    return this.warranty.get(actor, id, q.on);
  }

  @Get('faults/:id/repeat-failure')
  @Can('fault.read')
  repeatFailure(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.repeats.of(actor, id);
  }
}
