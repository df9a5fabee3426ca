import { Global, Module } from '@nestjs/common';
import { loadConfig } from './load-config';
import { VIGIL_CONFIG } from './config.token';

@Global()
@Module({
  providers: [{ provide: VIGIL_CONFIG, useFactory: () => loadConfig() }],
  exports: [VIGIL_CONFIG],
})
export class ConfigModule {}
