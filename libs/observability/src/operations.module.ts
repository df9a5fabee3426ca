import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { IngestStall, MetricsPort } from '@vigil/application';
import { Metrics } from './metrics';
import { OperationsController } from './operations.controller';

@Global()
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
  controllers: [OperationsController],
  providers: [Metrics, { provide: MetricsPort, useExisting: Metrics }, IngestStall],
  exports: [Metrics, MetricsPort],
})
export class OperationsModule {}
