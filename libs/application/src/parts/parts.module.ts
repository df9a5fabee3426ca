import { Module } from '@nestjs/common';
import { AlertingModule } from '../alerting/alerting.module';
import { ContractTermsModule } from '../contracts/contract-terms.module';
import { FaultsModule } from '../faults/faults.module';
import { DemoParts } from './demo-parts';
import { FaultPartService } from './fault-parts.service';
import { FittedPartArchiveSource } from './fitted-part.archive-source';
import { PartsReportService } from './parts-report.service';
import { ReorderAlerts } from './reorder-alerts';
import { StockLedger } from './stock-ledger';
import { StockExportService } from './stock-export.service';
import { StockService } from './stock.service';

/** The reorder alerts' source: the scheduler registers it with the alert budget; the parts area offers through it. */
@Module({ imports: [AlertingModule], providers: [ReorderAlerts], exports: [ReorderAlerts] })
export class ReorderAlertsModule {}

const services = [StockService, StockExportService, StockLedger, FaultPartService, PartsReportService, DemoParts];

/** Spare parts: stores, part models, stock and its ledger, parts on faults, and their report. */
@Module({
  imports: [FaultsModule, ReorderAlertsModule, ContractTermsModule],
  providers: [...services, FittedPartArchiveSource],
  exports: services,
})
export class PartsModule {}
