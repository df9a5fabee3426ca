import { Module } from '@nestjs/common';
import { FaultsModule } from '../faults/faults.module';
import { PatrolReportService } from '../patrols/patrol-report.service';
import { PatrolsModule } from '../patrols/patrols.module';
import { ServiceReportService } from './service-report.service';

/** What is read as a document: the monthly service report and the patrol report (PDF). */
const services = [ServiceReportService, PatrolReportService];

@Module({ imports: [FaultsModule, PatrolsModule], providers: services, exports: services })
export class ReportsModule {}
