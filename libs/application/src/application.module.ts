import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AuditService } from './audit/audit.service';
import { AssetChanges } from './assets/asset-changes';
import { DeviceService } from './assets/device.service';
import { InventoryService } from './assets/inventory.service';
import { SiteService } from './assets/site.service';
import { Argon2PasswordHasher } from './identity/argon2-password.hasher';
import { AuthService } from './identity/auth.service';
import { LoginThrottle } from './identity/login-throttle';
import { UserChanges } from './identity/user-changes';
import { AdminBootstrapService } from './bootstrap/admin-bootstrap.service';
import { DemoEstateLoader } from './bootstrap/demo-estate-loader.service';
import { Installation } from './bootstrap/installation';
import { StartUpWork } from './bootstrap/start-up-work';
import { CalendarService } from './contracts/calendar.service';
import { ContractService } from './contracts/contract.service';
import { IngestDiagnostics } from './ingest/ingest-diagnostics';
import { IngestSnapshots } from './ingest/ingest-snapshots';
import { IngestService } from './ingest/ingest.service';
import { DeviceStatusFeed } from './ingest/device-status-feed';
import { DeviceHistoryService } from './ingest/device-history.service';
import { IngestInspectionService } from './ingest/ingest-inspection.service';
import { DeviceEventBus } from './events/device-event-bus';
import { AlertDispatcher } from './alerting/alert-dispatcher';
import { AlertSender } from './alerting/alert-sender';
import { AlertEscalation } from './alerting/alert-escalation';
import { SlaNotices } from './alerting/sla-notices';
import { DispatchNotices } from './alerting/dispatch-notices';
import { AlertBudgetService } from './alerting/alert-budget.service';
import { AlertPlanner } from './alerting/alert-planner';
import { RotaRouter } from './alerting/rota-router';
import { OnCallService } from './alerting/oncall.service';
import { FaultContextService } from './faults/fault-context.service';
import { FaultEngine } from './faults/fault-engine';
import { FaultNotices } from './faults/fault-notices';
import { FaultService } from './faults/fault.service';
import { SlaService } from './faults/sla.service';
import { SlaRecomputeService } from './faults/sla-recompute.service';
import { ScheduledActionRunner } from './scheduling/scheduled-action-runner';
import { PatrolGenerator } from './patrols/patrol-generator.service';
import { PatrolPlanChanges } from './patrols/patrol-plan-changes';
import { PatrolService } from './patrols/patrol.service';
import { PatrolOverdueService } from './patrols/patrol-overdue.service';
import { PatrolReportService } from './patrols/patrol-report.service';
import { DashboardService } from './dashboard/dashboard.service';
import { AuditTrailService } from './audit/audit-trail.service';
import { AuditChainService } from './audit/audit-chain.service';
import { RetentionService } from './retention/retention.service';
import { IdempotencyService } from './idempotency/idempotency.service';
import { UserService } from './identity/user.service';
import { AccessPolicy } from './identity/access-policy';
import { ServiceReportService } from './reports/service-report.service';
import { DeviceCredentialsService } from './devices/device-credentials.service';
import { DeviceSecretVerifier } from './devices/device-secret-verifier';
import { IngestLinkProbe, PasswordHasher } from './ports';

const services = [AccessPolicy, ServiceReportService, AuditService, AssetChanges, SiteService, DeviceService, UserService, UserChanges, LoginThrottle, AuthService, AdminBootstrapService, InventoryService,
  CalendarService, ContractService, DemoEstateLoader, Installation, StartUpWork, IngestDiagnostics, IngestService, IngestSnapshots,
  DeviceHistoryService, DeviceEventBus, RetentionService,
  IngestInspectionService,
  FaultContextService, FaultNotices, FaultService, FaultEngine, ScheduledActionRunner, RotaRouter, AlertPlanner, AlertBudgetService, AlertSender, AlertEscalation, SlaNotices, DispatchNotices, AlertDispatcher, OnCallService, SlaService, SlaRecomputeService, DeviceStatusFeed, PatrolGenerator, PatrolPlanChanges, PatrolService, PatrolOverdueService, PatrolReportService, DashboardService, AuditChainService, AuditTrailService,
  DeviceCredentialsService, DeviceSecretVerifier, IdempotencyService];

/** The use cases, over the ports that the persistence, messaging and runtime (clock, timers) modules bind. */
@Global()
@Module({
  imports: [JwtModule.register({})],
  providers: [
    ...services,
    { provide: PasswordHasher, useClass: Argon2PasswordHasher },
    { provide: IngestLinkProbe, useExisting: IngestService },
  ],
  exports: [...services, PasswordHasher, IngestLinkProbe],
})
export class ApplicationModule {}
