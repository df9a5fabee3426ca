import { ServiceReportController } from './reports/service-report.controller';
import { Module, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import {
  AdminBootstrapService,
  AlertingModule,
  AssetsModule,
  AuditModule,
  BootstrapModule,
  CalendarService,
  ContractsModule,
  DashboardModule,
  DemoEstateLoader,
  DevicesModule,
  FaultsModule,
  IngestionModule,
  PatrolGenerator,
  PatrolsModule,
  ReportsModule,
  StartUpWork,
  UsersModule,
} from '@vigil/application';
import { IngestApiModule } from '@vigil/ingest';
import { ContractsController } from './contracts/contracts.controller';
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

/** REST API, socket.io gateway and dashboard: the operators', engineers' and auditors' edge. */
@Module({
  imports: [
    UsersModule,
    AssetsModule,
    DevicesModule,
    ContractsModule,
    FaultsModule,
    AlertingModule,
    PatrolsModule,
    ReportsModule,
    DashboardModule,
    AuditModule,
    BootstrapModule,
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
    FaultsController,
    SlaController,
    OnCallController,
    PatrolsController,
    PatrolPlansController,
    DashboardController,
    AuditController,
    ServiceReportController,
  ],
  providers: [StaticAssets, SocketRevocation, DashboardGateway],
})
export class ConsoleModule implements OnModuleInit, OnApplicationBootstrap {
  private release: (() => void) | null = null;

  constructor(
    private readonly admin: AdminBootstrapService,
    private readonly calendar: CalendarService,
    private readonly demo: DemoEstateLoader,
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
      await this.patrols.seed();
    } finally {
      this.release?.();
    }
  }
}
