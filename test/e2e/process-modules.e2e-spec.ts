import { randomBytes } from 'node:crypto';
import type { Type } from '@nestjs/common';
import {
  AlertDispatcher,
  CustomerLinkService,
  ServiceRecordService,
  ServiceRecordReportService,
  StockService,
  FaultPartService,
  ReorderAlerts,
  ArchiveDocumentsService,
  ArchiveService,
  FeedbackAnalysisService,
  AuditChainService,
  AuditNamesService,
  AuthService,
  CallbackService,
  CallbackTimers,
  CallbackTriggers,
  DashboardService,
  DeviceService,
  FaultEngine,
  FeedbackEscalation,
  FeedbackService,
  FaultService,
  IngestInspectionService,
  IngestService,
  IngestStall,
  LoanOverdue,
  LoanService,
  PatrolGenerator,
  PatrolReportService,
  PatrolService,
  RepeatFailures,
  RetentionService,
  ScheduledActionRunner,
  ServiceReportService,
  SiteService,
  SurveyService,
  UserService,
} from '@vigil/application';
import { ConsoleAppModule } from '../../apps/console/src/console-app.module';
import { DashboardGateway } from '../../apps/console/src/dashboard/dashboard.gateway';
import { HeartbeatSubscriber } from '../../apps/ingest/src/heartbeat.subscriber';
import { IngestAppModule } from '../../apps/ingest/src/ingest-app.module';
import { PlatformModule } from '../../apps/platform/src/platform.module';
import { CallbacksWorker } from '../../apps/scheduler/src/jobs/callbacks.worker';
import { FaultsWorker } from '../../apps/scheduler/src/jobs/faults.worker';
import { FeedbackWorker } from '../../apps/scheduler/src/jobs/feedback.worker';
import { PartsWorker } from '../../apps/scheduler/src/jobs/parts.worker';
import { LoansWorker } from '../../apps/scheduler/src/jobs/loans.worker';
import { PatrolJob } from '../../apps/scheduler/src/jobs/patrol.job';
import { SchedulerAppModule } from '../../apps/scheduler/src/scheduler-app.module';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { DeviceFleet, platformBrokerUrl } from '../support/device-client';
import { makeSite, uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';
import { waitFor } from '../support/wait-for';

/** What each process's module builds: a process runs its own area's services and not another's (the platform all). */
const everything: Record<string, Type> = {
  AuthService,
  IngestStall,
  IngestService,
  HeartbeatSubscriber,
  IngestInspectionService,
  FaultEngine,
  AlertDispatcher,
  ScheduledActionRunner,
  FaultsWorker,
  PatrolJob,
  PatrolGenerator,
  RetentionService,
  AuditChainService,
  AuditNamesService,
  FaultService,
  PatrolService,
  PatrolReportService,
  ServiceReportService,
  ArchiveService,
  ArchiveDocumentsService,
  FeedbackAnalysisService,
  DashboardService,
  DashboardGateway,
  UserService,
  SiteService,
  DeviceService,
  FeedbackService,
  FeedbackEscalation,
  FeedbackWorker,
  CallbackTriggers,
  CallbackService,
  SurveyService,
  CallbackTimers,
  CallbacksWorker,
  CustomerLinkService,
  ServiceRecordService,
  ServiceRecordReportService,
  StockService,
  FaultPartService,
  ReorderAlerts,
  PartsWorker,
  LoanService,
  RepeatFailures,
  LoanOverdue,
  LoansWorker,
};
const processes: { name: string; module: Type; runs: string[] }[] = [
  { name: 'ingest', module: IngestAppModule, runs: ['AuthService', 'IngestStall', 'IngestService', 'HeartbeatSubscriber', 'IngestInspectionService'] },
  {
    name: 'scheduler',
    module: SchedulerAppModule,
    runs: [
      'AuthService',
      'IngestStall',
      'FaultEngine',
      'AlertDispatcher',
      'ScheduledActionRunner',
      'FaultsWorker',
      'PatrolJob',
      'PatrolGenerator',
      'RetentionService',
      'AuditChainService',
      'AuditNamesService',
      'FaultService',
      'PatrolService',
      'FeedbackEscalation',
      'FeedbackWorker',
      'CallbackTriggers',
      'CallbackTimers',
      'CallbacksWorker',
      'ReorderAlerts',
      'PartsWorker',
      'RepeatFailures',
      'LoanOverdue',
      'LoansWorker',
    ],
  },
  {
    name: 'console',
    module: ConsoleAppModule,
    runs: [
      'AuthService',
      'IngestStall',
      'IngestService',
      'IngestInspectionService',
      'PatrolGenerator',
      'AuditChainService',
      'AuditNamesService',
      'FaultService',
      'PatrolService',
      'PatrolReportService',
      'ServiceReportService',
      'ArchiveService',
      'ArchiveDocumentsService',
      'FeedbackAnalysisService',
      'DashboardService',
      'DashboardGateway',
      'UserService',
      'SiteService',
      'DeviceService',
      'FeedbackService',
      'CallbackTriggers',
      'CallbackService',
      'SurveyService',
      'CustomerLinkService',
      'ServiceRecordService',
      'ServiceRecordReportService',
      'StockService',
      'FaultPartService',
      'ReorderAlerts',
      'LoanService',
      'RepeatFailures',
    ],
  },
  { name: 'platform', module: PlatformModule, runs: Object.keys(everything) },
];

function built(app: TestPlatform): string[] {
  return Object.entries(everything)
    .filter(([, type]) => {
      try {
        app.app.get(type, { strict: false });
        return true;
      } catch {
        return false;
      }
    })
    .map(([name]) => name);
}

// The modules are the same on any database: one target is enough.
describe('the modules of each process', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await databaseTargets()[0].create();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it.each(processes)('should build in the $name process only the services it runs, and start healthy', async ({ module, runs }) => {
    const app = await startTestPlatform(db, { module, env: { MQTT_CLIENT_ID: `m-${randomBytes(4).toString('hex')}` } });
    try {
      expect(built(app).sort()).toEqual([...runs].sort());
      // /health reports the database and broker (and the ingest link, where the process runs ingest)
      const health = await app.http.get('/health').expect(200);
      expect(health.body.details).toMatchObject({ database: { status: 'up' }, broker: { status: 'up' } });
    } finally {
      await app.close();
    }
  });
});

describe('console, ingest and scheduler as three processes', () => {
  let db: TestDatabase;
  const apps: TestPlatform[] = [];
  let device: DeviceFleet | undefined;

  beforeAll(async () => {
    db = await databaseTargets()[0].create();
  });

  afterAll(async () => {
    await device?.close();
    for (const app of apps.reverse()) await app.close();
    await db?.drop();
  });

  it('should turn a heartbeat into a fault: ingest writes the event, the scheduler opens the fault, the console shows it', async () => {
    const env = (name: string) => ({ VIGIL_INGEST_FLUSH_MS: '20', MQTT_CLIENT_ID: `${name}-${randomBytes(4).toString('hex')}` });
    const consoleApp = await startTestPlatform(db, { module: ConsoleAppModule, env: env('c') });
    apps.push(consoleApp);
    // the console's embedded broker is the install's broker
    apps.push(await startTestPlatform(db, { module: IngestAppModule, mqttUrl: platformBrokerUrl(consoleApp), env: env('i') }));
    apps.push(await startTestPlatform(db, { module: SchedulerAppModule, mqttUrl: platformBrokerUrl(consoleApp), env: env('s') }));
    const admin = { Authorization: `Bearer ${await consoleApp.login()}` };
    const site = (await consoleApp.http.post('/api/sites').set(admin).send(makeSite()).expect(201)).body;
    const cam = (
      await consoleApp.http
        .post('/api/devices')
        .set(admin)
        .send({ id: uniqueId('CAM'), type: 'camera', siteId: site.id, heartbeatIntervalSec: 60 })
        .expect(201)
    ).body.id;
    device = await DeviceFleet.connect(consoleApp);
    await device.heartbeat(cam, { health: { video: 'lost' } });
    const fault = await waitFor(async () => {
      const open = (await consoleApp.http.get(`/api/faults?siteId=${site.id}&state=open`).set(admin).expect(200)).body.items as { kind: string; deviceId: string }[];
      return open.find((f) => f.kind === 'video-loss');
    });
    expect(fault.deviceId).toBe(cam);
  });
});
