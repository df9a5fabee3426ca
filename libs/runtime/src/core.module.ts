import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AuthAdaptersModule } from './auth/auth-adapters.module';
import { AuthGuard } from './http/auth.guard';
import { ErrorFilter } from './http/error.filter';
import { TimeModule } from './time/time.module';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { ApplicationCoreModule } from '@vigil/application';
import { ConfigModule } from '@vigil/config';
import { DocumentsModule } from '@vigil/documents';
import { MessagingModule } from '@vigil/messaging';
import { loggingModule, OperationsModule } from '@vigil/observability';
import { PersistenceModule } from '@vigil/persistence';

/**
 * What every Vigil process needs: config, clock and timers, logs, database, broker, /health and /metrics, password
 * hashing and tokens, PDF and CSV, the shared
 * core of the use cases (each app imports the areas its process runs), one access rule for every HTTP route (token, then
 * role), and Idempotency-Key on the routes marked @Idempotent().
 */
@Module({
  imports: [ConfigModule, TimeModule, loggingModule(), PersistenceModule, MessagingModule, OperationsModule, AuthAdaptersModule, DocumentsModule, ApplicationCoreModule],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
})
export class CoreModule {}
