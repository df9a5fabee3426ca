import type { Clock } from '@vigil/domain';

/** The clock as a DI token; bound to the system clock, replaced by a manual one in tests. */
export abstract class ClockPort implements Clock {
  abstract now(): Date;
}

export class SystemClock extends ClockPort {
  now(): Date {
    return new Date();
  }
}
