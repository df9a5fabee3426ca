import 'reflect-metadata';
import { startHttpApp } from '@vigil/runtime';
import { ConsoleAppModule } from './console-app.module';

void startHttpApp(ConsoleAppModule, 'vigil console');
