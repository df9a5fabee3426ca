import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuthAdaptersModule } from './auth/auth-adapters.module';
import { AuthGuard } from './http/auth.guard';
import { ErrorFilter } from './http/error.filter';
import { ApplicationModule } from '@vigil/application';
import { ConfigModule } from '@vigil/config';
import { DocumentsModule } from '@vigil/documents';
import { MessagingModule } from '@vigil/messaging';
import { loggingModule, OperationsModule } from '@vigil/observability';
import { PersistenceModule } from '@vigil/persistence';

/**
 * What every Vigil process needs: config, logs, database, broker, /health and /metrics, password
 * hashing and tokens, PDF and CSV, the use cases, and one access rule for every HTTP route (token, then role).
 */
@Module({
  imports: [ConfigModule, loggingModule(), PersistenceModule, MessagingModule, OperationsModule, AuthAdaptersModule, DocumentsModule, ApplicationModule],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
  ],
})
export class CoreModule {}
