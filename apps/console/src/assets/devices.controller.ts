import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DeviceCredentialsService, DeviceHistoryService, DeviceService, InventoryService } from '@vigil/application';
import { formatDeviceSecretsCsv } from '@vigil/domain';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor } from '@vigil/runtime';
import { pageOf } from '../http/page-query.dto';
import { CreateDeviceDto, DeviceQueryDto, HistoryQueryDto, ImportQueryDto, IssueSecretsDto, OnlineQueryDto, UpdateDeviceDto } from './device.dto';

@ApiTags('devices')
@ApiBearerAuth()
@Controller('api/devices')
export class DevicesController {
  constructor(
    private readonly devices: DeviceService,
    private readonly inventory: InventoryService,
    private readonly history: DeviceHistoryService,
    private readonly credentials: DeviceCredentialsService,
  ) {}

  @Post()
  @Can('device.write')
  create(@CurrentActor() actor: Actor, @Body() body: CreateDeviceDto) {
    return this.devices.create(actor, body);
  }

  @Get()
  @Can('estate.read')
  list(@CurrentActor() actor: Actor, @Query() { limit, offset, ...filter }: DeviceQueryDto) {
    return this.devices.list(actor, filter, pageOf({ limit, offset }));
  }

  @Get('export.csv')
  @Can('estate.read')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="vigil-devices.csv"')
  exportCsv(@CurrentActor() actor: Actor): Promise<string> {
    return this.inventory.exportCsv(actor);
  }

  @Post('import')
  @Can('device.write')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  importCsv(@CurrentActor() actor: Actor, @Body() body: unknown, @Query() query: ImportQueryDto) {
    return this.inventory.importCsv(actor, typeof body === 'string' ? body : '', query.dryRun === 1);
  }

  /** Issues (rotates) the secrets of many devices at once: a CSV deviceId,username,password, shown once. */
  @Post('mqtt-secrets')
  @HttpCode(201)
  @Can('device.credentials')
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="vigil-device-secrets.csv"')
  @Header('Cache-Control', 'no-store')
  async issueSecrets(@CurrentActor() actor: Actor, @Body() body: IssueSecretsDto): Promise<string> {
    return formatDeviceSecretsCsv(await this.credentials.issueMany(actor, body));
  }

  /** Issues (rotates) one device's MQTT secret: {username, password}, shown once. */
  @Post(':id/mqtt-secret')
  @Can('device.credentials')
  @Header('Cache-Control', 'no-store')
  issueSecret(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.credentials.issue(actor, id);
  }

  @Get(':id')
  @Can('estate.read')
  get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.devices.get(actor, id);
  }

  @Get(':id/history')
  @Can('estate.read')
  events(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: HistoryQueryDto) {
    return this.history.events(actor, id, query.limit);
  }

  @Get(':id/online')
  @Can('estate.read')
  online(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: OnlineQueryDto) {
    return this.history.onlineHours(actor, id, { from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined });
  }

  @Patch(':id')
  @Can('device.write')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: UpdateDeviceDto) {
    return this.devices.update(actor, id, body);
  }

  @Delete(':id')
  @Can('device.write')
  @HttpCode(204)
  delete(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.devices.delete(actor, id);
  }
}
