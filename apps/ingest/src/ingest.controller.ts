import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DiscoveredDeviceRepository, IngestDiagnostics, IngestService } from '@vigil/application';
import { Roles } from '@vigil/runtime';

/** What this ingest process has seen: totals, the newest dropped messages, and unknown device ids. */
@ApiTags('ingest')
@ApiBearerAuth()
@Controller('api/ingest')
export class IngestController {
  constructor(
    private readonly diagnostics: IngestDiagnostics,
    private readonly ingest: IngestService,
    private readonly discovered: DiscoveredDeviceRepository,
  ) {}

  @Get('stats')
  stats() {
    return { trackedDevices: this.ingest.trackedCount, totals: this.diagnostics.totals() };
  }

  @Get('dropped')
  @Roles('admin', 'supervisor', 'operator', 'auditor')
  dropped() {
    const items = this.diagnostics.recentDrops();
    return { items, total: items.length };
  }

  @Get('discovered')
  @Roles('admin', 'supervisor', 'operator', 'auditor')
  async discoveredDevices() {
    const items = await this.discovered.list();
    return { items, total: items.length };
  }

  @Delete('discovered/:id')
  @HttpCode(204)
  @Roles('admin', 'supervisor')
  forget(@Param('id') id: string) {
    return this.discovered.remove(id);
  }
}
