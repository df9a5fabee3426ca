import { Global, Module } from '@nestjs/common';
import { ClockPort, SchedulerPort, SystemClock } from '@vigil/application';
import { NodeScheduler } from './node-scheduler';

/** The real clock and timers; specs bind FakeClock and FakeScheduler (@vigil/application's testing) instead. */
@Global()
@Module({
  providers: [
    { provide: ClockPort, useClass: SystemClock },
    { provide: SchedulerPort, useClass: NodeScheduler },
  ],
  exports: [ClockPort, SchedulerPort],
})
export class TimeModule {}
