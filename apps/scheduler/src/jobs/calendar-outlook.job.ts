import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { CalendarService, StartUpWork } from '@vigil/application';

/**
 * Daily (and once start-up work is done), warns the admins in the log when next year's holiday calendar is still not loaded
 * within 60 days of the year's end, or this year's is missing; `GET /api/calendars/holidays` says the same.
 */
@Injectable()
export class CalendarOutlookJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private stopped = false;
  private readonly logger = new Logger(CalendarOutlookJob.name);

  constructor(private readonly calendar: CalendarService, private readonly startUp: StartUpWork) {}

  onApplicationBootstrap(): void {
    // after this process's start-up work (the console loads the shipped calendars), not after a guessed delay
    void this.startUp.done().then(() => (this.stopped ? undefined : this.check()));
  }

  onApplicationShutdown(): void {
    this.stopped = true;
  }

  @Cron('5 9 * * *', { name: 'calendar-outlook', timeZone: 'Asia/Shanghai' })
  async check(): Promise<void> {
    try {
      const o = await this.calendar.outlook();
      const load = (year: number) => `an admin loads the State Council's notice with PUT /api/calendars/holidays/${year}`;
      if (o.missingThisYear) {
        this.logger.warn(`holiday calendar for ${o.nextYear - 1} missing: live repair clocks count it as weekdays (Mon–Fri) until ${load(o.nextYear - 1)}`);
      }
      if (o.missingNextYear) {
        this.logger.warn(`holiday calendar for ${o.nextYear} missing and ${o.nextYear - 1} ends within 60 days: repair clocks reaching ${o.nextYear} will count weekdays (Mon–Fri) until ${load(o.nextYear)}`);
      }
    } catch (err) {
      this.logger.error(`calendar outlook: ${(err as Error).message}`);
    }
  }
}
