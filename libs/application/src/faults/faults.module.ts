import { Module } from '@nestjs/common';
import { AlertPlanner } from '../alerting/alert-planner';
import { RotaRouter } from '../alerting/rota-router';
import { FaultContextService } from './fault-context.service';
import { FaultCrewService } from './fault-crew.service';
import { FaultNotices } from './fault-notices';
import { FaultService } from './fault.service';
import { FaultTransitionHooks } from './fault-transition-hooks';
import { SlaRecomputeService } from './sla-recompute.service';
import { SlaService } from './sla.service';

/** Faults and their SLA clocks; a fault's alerts are planned (who, when) in the transaction that changes it. */
const services = [FaultContextService, FaultNotices, FaultTransitionHooks, FaultService, FaultCrewService, SlaService, SlaRecomputeService, AlertPlanner, RotaRouter];

@Module({ providers: services, exports: services })
export class FaultsModule {}
