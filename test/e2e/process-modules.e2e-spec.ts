import { randomBytes } from 'node:crypto';
import type { Type } from '@nestjs/common';
import {
  AlertDispatcher, AuditChainService, AuthService, DashboardService, DeviceService, FaultEngine, FaultService, IngestInspectionService, IngestService, PatrolGenerator,
  PatrolReportService, PatrolService, RetentionService, ScheduledActionRunner, ServiceReportService, SiteService, UserService,
} from '@vigil/application';
import { ConsoleAppModule } from '../../apps/console/src/console-app.module';
import { DashboardGateway } from '../../apps/console/src/dashboard/dashboard.gateway';
import { HeartbeatSubscriber } from '../../apps/ingest/src/heartbeat.subscriber';
import { IngestAppModule } from '../../apps/ingest/src/ingest-app.module';
import { PlatformModule } from '../../apps/platform/src/platform.module';
import { FaultsWorker } from '../../apps/scheduler/src/jobs/faults.worker';
import { PatrolJob } from '../../apps/scheduler/src/jobs/patrol.job';
import { SchedulerAppModule } from '../../apps/scheduler/src/scheduler-app.module';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

/** What each process's module builds: a process runs its own area's services and not another's (the platform all). */
const everything: Record<string, Type> = {
  AuthService, IngestService, HeartbeatSubscriber, IngestInspectionService, FaultEngine, AlertDispatcher, ScheduledActionRunner, FaultsWorker, PatrolJob, PatrolGenerator,
  RetentionService, AuditChainService, FaultService, PatrolService, PatrolReportService, ServiceReportService, DashboardService, DashboardGateway, UserService, SiteService,
  DeviceService,
};
const processes: { name: string; module: Type; runs: string[] }[] = [
  { name: 'ingest', module: IngestAppModule, runs: ['AuthService', 'IngestService', 'HeartbeatSubscriber', 'IngestInspectionService'] },
  {
    name: 'scheduler',
    module: SchedulerAppModule,
    runs: ['AuthService', 'FaultEngine', 'AlertDispatcher', 'ScheduledActionRunner', 'FaultsWorker', 'PatrolJob', 'PatrolGenerator', 'RetentionService', 'AuditChainService', 'FaultService', 'PatrolService'],
  },
  {
    name: 'console',
    module: ConsoleAppModule,
    runs: [
      'AuthService', 'IngestService', 'IngestInspectionService', 'PatrolGenerator', 'AuditChainService', 'FaultService', 'PatrolService', 'PatrolReportService', 'ServiceReportService',
      'DashboardService', 'DashboardGateway', 'UserService', 'SiteService', 'DeviceService',
    ],
  },
  { name: 'platform', module: PlatformModule, runs: Object.keys(everything) },
];

function built(app: TestPlatform): string[] {
  return Object.entries(everything).filter(([, type]) => {
    try {
      app.app.get(type, { strict: false });
      return true;
    } catch {
      return false;
    }
  }).map(([name]) => name);
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
