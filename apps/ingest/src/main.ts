import 'reflect-metadata';
import { startHttpApp } from '@vigil/runtime';
import { IngestAppModule } from './ingest-app.module';

void startHttpApp(IngestAppModule, 'vigil ingest');
