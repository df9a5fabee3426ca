import { Body, Controller, Delete, Get, Header, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { DeviceHistoryService, DeviceService, InventoryService, ScopeService } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { CurrentActor } from '@vigil/runtime';
import { Roles } from '@vigil/runtime';
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
    private readonly scope: ScopeService,
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
