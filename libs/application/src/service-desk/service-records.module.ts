import { Module } from '@nestjs/common';
import { FaultsModule } from '../faults/faults.module';
import { CustomerLinksModule } from './customer-links.module';
import { DemoServiceRecords } from './demo-service-records';
import { ServiceRecordHooks } from './service-record-hooks';
import { ServiceRecordReportService } from './service-record-report.service';
import { ServiceRecordService } from './service-record.service';

/** Customer service records (客户服务记录表): drafts from closed faults, signing on the device or by link, the customer copy. */
const services = [ServiceRecordService, ServiceRecordReportService, ServiceRecordHooks, DemoServiceRecords];

@Module({ imports: [FaultsModule, CustomerLinksModule], providers: services, exports: [ServiceRecordService, ServiceRecordReportService, DemoServiceRecords] })
export class ServiceRecordsModule {}
