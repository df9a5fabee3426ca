import { Module } from '@nestjs/common';
import { AuditChainService, ClockPort, SystemClock } from '@vigil/application';
import { ConfigModule } from '@vigil/config';
import { PersistenceModule } from '@vigil/persistence';

/** What the audit commands need of the platform: config, the database (read-only keys) and the audit chain; no broker, no HTTP. */
@Module({
  imports: [ConfigModule, PersistenceModule.forAuditCommand()],
  providers: [AuditChainService, { provide: ClockPort, useClass: SystemClock }],
})
export class AuditCommandModule {}
