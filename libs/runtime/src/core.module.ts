import { Module } from '@nestjs/common';
import { ApplicationModule } from '@vigil/application';
import { ConfigModule } from '@vigil/config';
import { MessagingModule } from '@vigil/messaging';
import { loggingModule, OperationsModule } from '@vigil/observability';
import { PersistenceModule } from '@vigil/persistence';

/** What every Vigil process needs: config, logs, database, broker, /health and /metrics, the use cases. */
@Module({
  imports: [ConfigModule, loggingModule(), PersistenceModule, MessagingModule, OperationsModule, ApplicationModule],
})
export class CoreModule {}
