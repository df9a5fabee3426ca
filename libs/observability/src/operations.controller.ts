import { Controller, Get, Header, Optional } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { BrokerProbe, DatabaseProbe, IngestLinkProbe, IngestStall } from '@vigil/application';
import { Public } from './public.decorator';
import { Metrics } from './metrics';

@ApiExcludeController()
@Public()
@Controller()
export class OperationsController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly database: DatabaseProbe,
    private readonly broker: BrokerProbe,
    private readonly metrics: Metrics,
    private readonly stall: IngestStall,
    // bound where the process runs ingest (IngestionModule): a scheduler alone has no ingest link to report
    @Optional() private readonly ingest: IngestLinkProbe | null,
  ) {}

  @Get('health')
  @HealthCheck()
  check() {
    return this.health.check([
      async () => {
        const db = this.indicators.check('database');
        try {
          await this.database.ping();
          return db.up();
        } catch (err) {
          return db.down({ message: (err as Error).message });
        }
      },
      () => {
        const broker = this.indicators.check('broker');
        if (!this.broker.isConnected()) return broker.down({ message: 'not connected to the MQTT broker' });
        return (this.ingest?.linkHealthy ?? true) ? broker.up() : broker.down({ message: 'ingest is not connected to the MQTT broker' });
      },
      // where ingest does not run (console, scheduler): has any ingest process handled a device message lately?
      ...(this.stall.enabled && !this.ingest?.running ? [() => this.ingestFlow()] : []),
    ]);
  }

  private async ingestFlow() {
    const ingest = this.indicators.check('ingest');
    try {
      const problem = await this.stall.problem();
      return problem === null ? ingest.up() : ingest.down({ message: problem });
    } catch (err) {
      return ingest.down({ message: (err as Error).message });
    }
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
