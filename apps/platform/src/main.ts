import 'reflect-metadata';
import { startHttpApp } from '@vigil/runtime';
import { PlatformModule } from './platform.module';

void startHttpApp(PlatformModule, 'vigil');
