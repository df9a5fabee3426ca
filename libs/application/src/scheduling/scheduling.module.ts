import { Module } from '@nestjs/common';
import { ScheduledActionRunner } from './scheduled-action-runner';

/** The durable timers (scheduled_actions) behind correlation, escalation and SLA alerts. */
const services = [ScheduledActionRunner];

@Module({ providers: services, exports: services })
export class SchedulingModule {}
