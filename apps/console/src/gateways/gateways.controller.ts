import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DeviceManagementService, GatewayService } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor } from '@vigil/runtime';
import { AssignGatewayDevicesDto, CreateGatewayDto, PutManagementDto, UpdateGatewayDto } from './gateway.dto';

/** Gateways ([15]): edge agents and video-quality servers, the devices each publishes for, and their broker logins. */
@ApiTags('gateways')
@ApiBearerAuth()
@Controller('api/gateways')
export class GatewaysController {
  constructor(private readonly gateways: GatewayService) {}

  @Post()
  @Can('gateway.write')
  create(@CurrentActor() actor: Actor, @Body() body: CreateGatewayDto) {
    return this.gateways.create(actor, body);
  }

  @Get()
  @Can('gateway.read')
  list(@CurrentActor() actor: Actor) {
    return this.gateways.list(actor);
  }

  @Get(':id')
  @Can('gateway.read')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.gateways.get(actor, id);
  }

  @Patch(':id')
  @Can('gateway.write')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: UpdateGatewayDto) {
    return this.gateways.update(actor, id, body);
  }

  @Delete(':id')
  @Can('gateway.write')
  @HttpCode(204)
  delete(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.gateways.delete(actor, id);
  }

  /** The gateway's devices become exactly these (each at its site; taken from any other gateway); its broker rights follow at once. */
  @Put(':id/devices')
  @Can('gateway.write')
  assign(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: AssignGatewayDevicesDto) {
    return this.gateways.assign(actor, id, body.deviceIds);
  }

  /** Issues (rotates) the gateway's broker and agent secret: {username, password}, shown once. */
  @Post(':id/mqtt-secret')
  @Can('gateway.write')
  @Header('Cache-Control', 'no-store')
  issueSecret(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.gateways.issueSecret(actor, id);
  }
}

/** How a device is managed by its gateway's agent; the credentials are never shown back, only whether each secret is set. */
@ApiTags('devices')
@ApiBearerAuth()
@Controller('api/devices/:id/management')
export class DeviceManagementController {
  constructor(private readonly management: DeviceManagementService) {}

  @Get()
  @Can('gateway.read')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.management.get(actor, id);
  }

  @Put()
  @Can('device.write')
  put(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: PutManagementDto) {
    return this.management.put(actor, id, body);
  }

  @Delete()
  @Can('device.write')
  @HttpCode(204)
  remove(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.management.remove(actor, id);
  }
}
