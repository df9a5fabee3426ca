import { Module } from '@nestjs/common';
import { FaultsModule } from '../faults/faults.module';
import { PartsModule } from '../parts/parts.module';
import { LoanersModule } from '../loaners/loaners.module';
import { PatrolReportService } from '../patrols/patrol-report.service';
import { PatrolsModule } from '../patrols/patrols.module';
import { VideoModule } from '../video/video.module';
import { FeedbackAnalysisService } from './feedback-analysis.service';
import { ServiceReportService } from './service-report.service';

/** What is read as a document: the monthly service report, the patrol report (PDF) and the half-yearly feedback analysis. */
const services = [ServiceReportService, PatrolReportService, FeedbackAnalysisService];

@Module({ imports: [FaultsModule, PatrolsModule, PartsModule, LoanersModule, VideoModule], providers: services, exports: services })
export class ReportsModule {}
