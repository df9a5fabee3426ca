import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AlertBudgetService, OnCallService, RotaTestService, type RotaInput } from '@vigil/application';
import { TEST_MESSAGE_INTERVAL_SEC, type Actor } from '@vigil/domain';
import { Can, CurrentActor } from '@vigil/runtime';
import { AlertVolumeQueryDto, RotaDto, RotaTestDto, RotaTestResultDto, WindowDto } from './oncall.dto';

function toRota(b: RotaDto): RotaInput {
  return {
    name: b.name,
    contractId: b.contractId ?? null,
    siteIds: b.siteIds ?? null,
    regions: b.regions ?? null,
    maxLevel: b.maxLevel ?? 4,
    cover: b.cover ?? '7x24',
    members: b.members,
    startsAt: new Date(b.startsAt).toISOString(),
    shiftDays: b.shiftDays ?? 7,
    overrides: (b.overrides ?? []).map((o) => ({ from: new Date(o.from).toISOString(), to: new Date(o.to).toISOString(), userId: o.userId })),
    supervisorIds: b.supervisorIds ?? [],
    managerIds: b.managerIds ?? [],
    webhooks: b.webhooks ?? [],
    escalateAfterMinutes: b.escalateAfterMinutes ?? [15, 30, 60],
    repeatEveryMinutes: b.repeatEveryMinutes ?? 10,
  };
}

@ApiTags('on-call')
@ApiBearerAuth()
@Controller('api')
export class OnCallController {
  constructor(
    private readonly oncall: OnCallService,
    private readonly budget: AlertBudgetService,
    private readonly tests: RotaTestService,
  ) {}

  @Get('oncall/rotas')
  @Can('oncall.read')
  rotas(@CurrentActor() actor: Actor) {
    return this.oncall.listRotas(actor).then((items) => ({ items, total: items.length }));
  }

  @Get('alerts/volume')
  @Can('alert.volume.read')
  alertVolume(@CurrentActor() actor: Actor, @Query() q: AlertVolumeQueryDto) {
    return this.budget.volume(actor, q.minutes ?? 60);
  }

  @Post('oncall/rotas')
  @Can('oncall.write')
  createRota(@CurrentActor() actor: Actor, @Body() body: RotaDto) {
    return this.oncall.saveRota(actor, toRota(body));
  }

  @Put('oncall/rotas/:id')
  @Can('oncall.write')
  updateRota(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: RotaDto) {
    return this.oncall.saveRota(actor, toRota(body), id);
  }

  @Post('oncall/rotas/:id/test')
  @Can('oncall.write')
  @HttpCode(200)
  @ApiOkResponse({ type: RotaTestResultDto, description: "a message marked as a test, sent at once to the rota's people and webhooks (not through the alert budget)" })
  @ApiResponse({ status: 429, description: `the rota was tested less than ${TEST_MESSAGE_INTERVAL_SEC} s ago; see Retry-After` })
  testRota(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: RotaTestDto) {
    return this.tests.send(actor, id, { userIds: body.userIds, channels: body.channels });
  }

  @Delete('oncall/rotas/:id')
  @Can('oncall.write')
  @HttpCode(204)
  deleteRota(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.oncall.deleteRota(actor, id);
  }

  @Get('maintenance-windows')
  @Can('maintenance-window.read')
  windows(@CurrentActor() actor: Actor) {
    return this.oncall.listWindows(actor).then((items) => ({ items, total: items.length }));
  }

  @Post('maintenance-windows')
  @Can('maintenance-window.create')
  createWindow(@CurrentActor() actor: Actor, @Body() b: WindowDto) {
    return this.oncall.createWindow(actor, {
      name: b.name,
      startsAt: new Date(b.startsAt),
      endsAt: new Date(b.endsAt),
      siteIds: b.siteIds ?? null,
      deviceIds: b.deviceIds ?? null,
      reason: b.reason ?? null,
    });
  }

  @Delete('maintenance-windows/:id')
  @Can('maintenance-window.delete')
  @HttpCode(204)
  deleteWindow(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.oncall.deleteWindow(actor, id);
  }
}
