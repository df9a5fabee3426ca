import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DeviceCredentialsService, DeviceHistoryService, DeviceService, InventoryService, ScopeService } from '@vigil/application';
import { formatDeviceSecretsCsv } from '@vigil/domain';
import type { Actor } from '@vigil/domain';
import { CurrentActor } from '@vigil/runtime';
import { Roles } from '@vigil/runtime';
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
    private readonly scope: ScopeService,
    private readonly credentials: DeviceCredentialsService,
  ) {}

  @Post()
  @Roles('admin', 'supervisor')
  create(@CurrentActor() actor: Actor, @Body() body: CreateDeviceDto) {
    return this.devices.create(actor, body);
  }

  @Get()
  async list(@CurrentActor() actor: Actor, @Query() query: DeviceQueryDto) {
    const { limit, offset, ...filter } = query;
    return this.devices.list({ ...filter, siteIds: await this.scope.siteIdsOf(actor) }, pageOf({ limit, offset }));
  }

  @Get('export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="vigil-devices.csv"')
  exportCsv(): Promise<string> {
    return this.inventory.exportCsv();
  }

  @Post('import')
  @HttpCode(200)
  @Roles('admin', 'supervisor')
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  importCsv(@CurrentActor() actor: Actor, @Body() body: unknown, @Query() query: ImportQueryDto) {
    return this.inventory.importCsv(actor, typeof body === 'string' ? body : '', query.dryRun === 1);
  }

  /** Issues (rotates) the secrets of many devices at once: a CSV deviceId,username,password, shown once. */
  @Post('mqtt-secrets')
  @HttpCode(201)
  @Roles('admin', 'supervisor')
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="vigil-device-secrets.csv"')
  @Header('Cache-Control', 'no-store')
  async issueSecrets(@CurrentActor() actor: Actor, @Body() body: IssueSecretsDto): Promise<string> {
    return formatDeviceSecretsCsv(await this.credentials.issueMany(actor, body));
  }

  /** Issues (rotates) one device's MQTT secret: {username, password}, shown once. */
  @Post(':id/mqtt-secret')
  @Roles('admin', 'supervisor')
  @Header('Cache-Control', 'no-store')
  issueSecret(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.credentials.issue(actor, id);
  }

  @Get(':id')
  async get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    const device = await this.devices.get(id);
    await this.scope.requireSite(actor, device.siteId, 'device', id);
    return device;
  }

  @Get(':id/history')
  events(@Param('id') id: string, @Query() query: HistoryQueryDto) {
    return this.history.events(id, query.limit ?? 200);
  }

  @Get(':id/online')
  online(@Param('id') id: string, @Query() query: OnlineQueryDto) {
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 24 * 3600_000);
    return this.history.onlineHours(id, from, to);
  }

  @Patch(':id')
  @Roles('admin', 'supervisor')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() body: UpdateDeviceDto) {
    return this.devices.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin', 'supervisor')
  delete(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.devices.delete(actor, id);
  }
}
