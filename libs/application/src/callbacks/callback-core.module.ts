import { Module } from '@nestjs/common';
import { FaultsModule } from '../faults/faults.module';
import { CallbackOpener } from './callback-opener';
import { CallbackSettingsService } from './callback-settings.service';
import { CallbackTriggers } from './callback-triggers';

/** What opens callbacks, in every process that hears a fault close: the contract's terms, the opener, the fault-notice hook. */
const services = [CallbackSettingsService, CallbackOpener, CallbackTriggers];

@Module({ imports: [FaultsModule], providers: services, exports: services })
export class CallbackCoreModule {}
