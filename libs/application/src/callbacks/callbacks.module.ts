import { Module } from '@nestjs/common';
import { CustomerLinksModule } from '../service-desk/customer-links.module';
import { CallbackCoreModule } from './callback-core.module';
import { CallbackService } from './callback.service';
import { SurveyLinks } from './survey-links';
import { SurveyService } from './survey.service';

/** Callbacks (回访) and satisfaction surveys as the desk works them, and the surveys' one-time links: the console's part. */
const services = [CallbackService, SurveyService, SurveyLinks];

@Module({ imports: [CallbackCoreModule, CustomerLinksModule], providers: services, exports: [...services, CallbackCoreModule] })
export class CallbacksModule {}
