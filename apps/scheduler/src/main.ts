import 'reflect-metadata';
import { startHttpApp } from '@vigil/runtime';
import { SchedulerAppModule } from './scheduler-app.module';

void startHttpApp(SchedulerAppModule, 'vigil scheduler');
