import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DiscoveredDeviceRepository, IngestDiagnostics, IngestService } from '@vigil/application';
import { Can } from '@vigil/runtime';

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
  @Can('ingest.read')
  stats() {
    return { trackedDevices: this.ingest.trackedCount, totals: this.diagnostics.totals() };
  }

  @Get('dropped')
  @Can('ingest.diagnostics.read')
  dropped() {
    const items = this.diagnostics.recentDrops();
    return { items, total: items.length };
  }

  @Get('discovered')
  @Can('ingest.diagnostics.read')
  async discoveredDevices() {
    const items = await this.discovered.list();
    return { items, total: items.length };
  }

  @Delete('discovered/:id')
  @Can('ingest.discovered.write')
  @HttpCode(204)
  forget(@Param('id') id: string) {
    return this.discovered.remove(id);
  }
}
