import { Module } from '@nestjs/common';
import { PatrolsModule } from '../patrols/patrols.module';
import { DashboardService } from './dashboard.service';

/** The dashboard's figures and trends. */
const services = [DashboardService];

@Module({ imports: [PatrolsModule], providers: services, exports: services })
export class DashboardModule {}
