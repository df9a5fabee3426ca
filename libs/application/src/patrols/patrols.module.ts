import { Module } from '@nestjs/common';
import { FaultsModule } from '../faults/faults.module';
import { PatrolGenerator } from './patrol-generator.service';
import { PatrolOverdueService } from './patrol-overdue.service';
import { PatrolPlanChanges } from './patrol-plan-changes';
import { PatrolService } from './patrol.service';

/** Patrol plans, their generation and overdue notices, and the engineers' records (a failed check opens a fault). */
const services = [PatrolService, PatrolGenerator, PatrolOverdueService, PatrolPlanChanges];

@Module({ imports: [FaultsModule], providers: services, exports: services })
export class PatrolsModule {}
