import { ArchiveController } from './archive/archive.controller';
import { FeedbackAnalysisController } from './reports/feedback-analysis.controller';
import { ServiceReportController } from './reports/service-report.controller';
import { Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import {
  AdminBootstrapService,
  AlertingModule,
  ArchiveModule,
  AssetsModule,
  AuditModule,
  BootstrapModule,
  CallbacksModule,
  CalendarService,
  ContractsModule,
  CustomerLinksModule,
  ServiceRecordsModule,
  DashboardModule,
  DemoEstateLoader,
  DemoServiceRecords,
  DemoParts,
  DevicesModule,
  GatewaysModule,
  FaultsModule,
  FeedbackModule,
  IngestionModule,
  LoanersModule,
  PatrolGenerator,
  PatrolsModule,
  PartsModule,
  ReportsModule,
  StartUpWork,
  UsersModule,
} from '@vigil/application';
import { IngestApiModule } from '@vigil/ingest';
import { ContractsController } from './contracts/contracts.controller';
import { PartsTermsController } from './contracts/parts-terms.controller';
import { LoanersController } from './loaners/loaners.controller';
import { RmasController } from './loaners/rmas.controller';
import { LoanerReportController } from './loaners/loaner-report.controller';
import { AuthController } from './auth/auth.controller';
import { DevicesController } from './assets/devices.controller';
import { SitesController } from './assets/sites.controller';
import { FaultsController } from './faults/faults.controller';
import { OnCallController } from './faults/oncall.controller';
import { SlaController } from './faults/sla.controller';
import { DashboardGateway } from './dashboard/dashboard.gateway';
import { SocketRevocation } from './dashboard/socket-revocation';
import { DashboardController } from './dashboard/dashboard.controller';
import { PatrolsController } from './patrols/patrols.controller';
import { PatrolPlansController } from './patrols/patrol-plans.controller';
import { AuditController } from './audit/audit.controller';
import { StaticAssets } from './http/static-assets';
import { UsersController } from './identity/users.controller';
import { FeedbackController } from './feedback/feedback.controller';
import { ComplaintLinksController } from './feedback/complaint-links.controller';
import { CallbacksController } from './callbacks/callbacks.controller';
import { SurveysController } from './callbacks/surveys.controller';
import { SurveyLinksController } from './callbacks/survey-links.controller';
import { LinksController } from './service-desk/links.controller';
import { CustomerLinksController } from './service-desk/customer-links.controller';
import { ServiceRecordsController } from './service-desk/service-records.controller';
import { FaultPartsController, PartsReportController } from './parts/fault-parts.controller';
import { StockController } from './parts/stock.controller';
import { PartModelsController, StoresController } from './parts/stores.controller';
import { VideoFiguresController } from './video/video-figures.controller';
import { AgentController } from './gateways/agent.controller';
import { DeviceManagementController, GatewaysController } from './gateways/gateways.controller';

/** REST API, socket.io gateway and dashboard: the operators', engineers' and auditors' edge. */
@Module({
  imports: [
    UsersModule,
    AssetsModule,
    DevicesModule,
    GatewaysModule,
    ContractsModule,
    FaultsModule,
    AlertingModule,
    PatrolsModule,
    FeedbackModule,
    ReportsModule,
    CustomerLinksModule,
    ServiceRecordsModule,
    ArchiveModule,
    DashboardModule,
    AuditModule,
    BootstrapModule,
    CallbacksModule,
    PartsModule,
    LoanersModule,
    // device history, the live status feed, and the ingest diagnostics, so a load balancer may send /api/ingest/* to any process
    IngestionModule,
    IngestApiModule,
  ],
  controllers: [
    AuthController,
    UsersController,
    SitesController,
    DevicesController,
    ContractsController,
    PartsTermsController,
    LoanersController,
    RmasController,
    LoanerReportController,
    FaultsController,
    SlaController,
    OnCallController,
    PatrolsController,
    PatrolPlansController,
    DashboardController,
    AuditController,
    ServiceReportController,
    FeedbackController,
    CallbacksController,
    SurveysController,
    SurveyLinksController,
    FeedbackAnalysisController,
    ComplaintLinksController,
    LinksController,
    CustomerLinksController,
    ServiceRecordsController,
    ArchiveController,
    StoresController,
    PartModelsController,
    StockController,
    FaultPartsController,
    PartsReportController,
    VideoFiguresController,
    GatewaysController,
    DeviceManagementController,
    AgentController,
  ],
  providers: [StaticAssets, SocketRevocation, DashboardGateway],
})
export class ConsoleModule implements OnModuleInit, OnApplicationBootstrap {
  private release: (() => void) | null = null;

  constructor(
    private readonly admin: AdminBootstrapService,
    private readonly calendar: CalendarService,
    private readonly demo: DemoEstateLoader,
    private readonly demoRecords: DemoServiceRecords,
    private readonly demoParts: DemoParts,
    private readonly patrols: PatrolGenerator,
    private readonly startUp: StartUpWork,
  ) {}

  /** The scheduler's start-up runs in this process wait for the estate and plans below. */
  onModuleInit(): void {
    this.release = this.startUp.hold();
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.admin.ensureAdmin();
      await this.calendar.loadShipped();
      await this.demo.loadIfEmpty();
      await this.demoRecords.loadIfEmpty();
      await this.demoParts.loadIfEmpty();
      await this.patrols.seed();
    } finally {
      this.release?.();
    }
  }
}
