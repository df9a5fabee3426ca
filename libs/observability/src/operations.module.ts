import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { Metrics } from './metrics';
import { OperationsController } from './operations.controller';

@Global()
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' })],
  controllers: [OperationsController],
  providers: [Metrics],
  exports: [Metrics],
})
export class OperationsModule {}
