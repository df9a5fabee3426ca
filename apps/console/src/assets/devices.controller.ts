import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { DeviceHistoryService, DeviceService, InventoryService, AccessPolicy } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Can, CurrentActor } from '@vigil/runtime';
import { pageOf } from '../http/page-query.dto';
import { CreateDeviceDto, DeviceQueryDto, HistoryQueryDto, ImportQueryDto, OnlineQueryDto, UpdateDeviceDto } from './device.dto';

@ApiTags('devices')
@ApiBearerAuth()
@Controller('api/devices')
export class DevicesController {
  constructor(
    private readonly devices: DeviceService,
    private readonly inventory: InventoryService,
    private readonly history: DeviceHistoryService,
    private readonly scope: AccessPolicy,
  ) {}

  @Post()
  @Can('device.write')
  create(@CurrentActor() actor: Actor, @Body() body: CreateDeviceDto) {
    return this.devices.create(actor, body);
  }

  @Get()
  @Can('estate.read')
  async list(@CurrentActor() actor: Actor, @Query() query: DeviceQueryDto) {
    const { limit, offset, ...filter } = query;
    return this.devices.list({ ...filter, siteIds: await this.scope.siteFilter(actor, 'estate.read') }, pageOf({ limit, offset }));
  }

  @Get('export.csv')
  @Can('estate.read')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="vigil-devices.csv"')
  exportCsv(): Promise<string> {
    return this.inventory.exportCsv();
  }

  @Post('import')
  @Can('device.write')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  importCsv(@CurrentActor() actor: Actor, @Body() body: unknown, @Query() query: ImportQueryDto) {
    return this.inventory.importCsv(actor, typeof body === 'string' ? body : '', query.dryRun === 1);
  }

  @Get(':id')
  @Can('estate.read')
  async get(@CurrentActor() actor: Actor, @Param('id') id: string) {
    const device = await this.devices.get(id);
    await this.scope.requireSite(actor, 'estate.read', device.siteId, 'device', id);
    return device;
  }

  @Get(':id/history')
  @Can('estate.read')
  events(@Param('id') id: string, @Query() query: HistoryQueryDto) {
    return this.history.events(id, query.limit ?? 200);
  }

  @Get(':id/online')
  @Can('estate.read')
  online(@Param('id') id: string, @Query() query: OnlineQueryDto) {
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 24 * 3600_000);
    return this.history.onlineHours(id, from, to);
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
