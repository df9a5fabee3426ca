import { Global, Module } from '@nestjs/common';
import { AuditService } from './audit/audit.service';
import { AssetChanges } from './assets/asset-changes';
import { DeviceService } from './assets/device.service';
import { InventoryService } from './assets/inventory.service';
import { SiteService } from './assets/site.service';
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
import { IngestLinkProbe } from './ports';

const services = [AccessPolicy, ServiceReportService, AuditService, AssetChanges, SiteService, DeviceService, UserService, UserChanges, LoginThrottle, AuthService, AdminBootstrapService, InventoryService,
  CalendarService, ContractService, DemoEstateLoader, Installation, StartUpWork, IngestDiagnostics, IngestService, IngestSnapshots,
  DeviceHistoryService, DeviceEventBus, RetentionService,
  IngestInspectionService,
  FaultContextService, FaultNotices, FaultService, FaultEngine, ScheduledActionRunner, RotaRouter, AlertPlanner, AlertBudgetService, AlertDispatcher, OnCallService, SlaService, SlaRecomputeService, DeviceStatusFeed, PatrolGenerator, PatrolPlanChanges, PatrolService, PatrolOverdueService, PatrolReportService, DashboardService, AuditChainService, AuditTrailService,
  DeviceCredentialsService, DeviceSecretVerifier, IdempotencyService];

/** The use cases, over the ports that the adapter modules bind (persistence, messaging, observability, documents, runtime's clock, timers and auth). */
@Global()
@Module({
  providers: [
    ...services,
    { provide: IngestLinkProbe, useExisting: IngestService },
  ],
  exports: [...services, IngestLinkProbe],
})
export class ApplicationModule {}
