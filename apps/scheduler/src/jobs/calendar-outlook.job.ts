import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { CalendarService, StartUpWork } from '@vigil/application';

/**
 * Daily (and once start-up work is done), warns the admins in the log when next year's holiday calendar is still not loaded
 * within 60 days of the year's end, or this year's is missing; `GET /api/calendars/holidays` says the same.
 */
@Injectable()
export class CalendarOutlookJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CalendarOutlookJob.name);
  private stopped = false;
  private checking: Promise<void> | null = null;

  constructor(
    private readonly calendar: CalendarService,
    private readonly startUp: StartUpWork,
  ) {}

  onApplicationBootstrap(): void {
    // not awaited: the console's start-up hook, which loads the shipped calendars, may run after this one
    void this.startUp.done().then(() => (this.stopped ? undefined : this.check()));
  }

  /** Before the database closes: no new check, and the one under way finishes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.checking;
  }

  @Cron('5 9 * * *', { name: 'calendar-outlook', timeZone: 'Asia/Shanghai' })
  check(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.checking ??= this.warnIfMissing().finally(() => (this.checking = null));
    return this.checking;
  }

  private async warnIfMissing(): Promise<void> {
    try {
      const o = await this.calendar.outlook();
      const load = (year: number) => `an admin loads the State Council's notice with PUT /api/calendars/holidays/${year}`;
      if (o.missingThisYear) {
        this.logger.warn(`holiday calendar for ${o.nextYear - 1} missing: live repair clocks count it as weekdays (Mon–Fri) until ${load(o.nextYear - 1)}`);
      }
      if (o.missingNextYear) {
        this.logger.warn(
          `holiday calendar for ${o.nextYear} missing and ${o.nextYear - 1} ends within 60 days: repair clocks reaching ${o.nextYear} will count weekdays (Mon–Fri) until ${load(o.nextYear)}`,
        );
      }
    } catch (err) {
      this.logger.error(`calendar outlook: ${(err as Error).message}`);
    }
  }
}
