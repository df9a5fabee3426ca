import { Module } from '@nestjs/common';
import { CoreModule } from '@vigil/runtime';
import { ConsoleModule } from './console.module';

@Module({ imports: [CoreModule, ConsoleModule] })
export class ConsoleAppModule {}
