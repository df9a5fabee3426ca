import { Module } from '@nestjs/common';
import { AlertingModule } from '../alerting/alerting.module';
import { FaultsModule } from '../faults/faults.module';
import { SchedulingModule } from '../scheduling/scheduling.module';
import { CustomerLinksModule } from '../service-desk/customer-links.module';
import { ComplaintLinks } from './complaint-links';
import { FeedbackEscalation } from './feedback-escalation';
import { FeedbackExportService } from './feedback-export.service';
import { FeedbackPlanner } from './feedback-planner';
import { FeedbackService } from './feedback.service';

/**
 * The feedback register (意见反馈): entries, their handling and export, and the complaints' confirmation links; a
 * complaint's escalation is planned in its transaction.
 */
const services = [FeedbackService, FeedbackExportService, FeedbackPlanner, ComplaintLinks];

@Module({ imports: [FaultsModule, CustomerLinksModule], providers: services, exports: services })
export class FeedbackModule {}

/** The complaints' escalation ladder: the scheduler's work (its FeedbackWorker starts it beside the faults' timers). */
@Module({ imports: [FaultsModule, AlertingModule, SchedulingModule], providers: [FeedbackEscalation], exports: [FeedbackEscalation] })
export class FeedbackEscalationModule {}
