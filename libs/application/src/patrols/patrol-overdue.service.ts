import { Injectable, Logger } from '@nestjs/common';
import { ClockPort, Mailer, PatrolRepository, SiteRepository, UserRepository } from '../ports';

/** Tells the supervisors, once per patrol, that a patrol is past its due and not submitted. */
@Injectable()
export class PatrolOverdueService {
  private readonly logger = new Logger(PatrolOverdueService.name);

  constructor(
    private readonly patrols: PatrolRepository,
    private readonly users: UserRepository,
    private readonly sites: SiteRepository,
    private readonly mailer: Mailer,
    private readonly clock: ClockPort,
  ) {}

  async notify(): Promise<number> {
    const now = this.clock.now();
    const overdue = await this.patrols.overdueUnnotified(now);
    if (overdue.length === 0) return 0;
    const supervisors = (await this.users.list({ role: 'supervisor' }, {})).items.filter((u) => u.active && u.email);
    const siteName = new Map((await this.sites.listAll()).map((s) => [s.id, s.name]));
    for (const p of overdue) {
      const subject = `[Vigil] 巡检逾期 patrol overdue: ${p.kind} ${p.period} at ${siteName.get(p.siteId) ?? p.siteId}`;
      const text = `The ${p.kind} patrol ${p.id} for ${p.period} was due ${p.dueAt.toISOString()} and is ${p.state}.`;
      if (this.mailer.configured) {
        for (const u of supervisors) await this.mailer.send({ to: u.email!, subject, text }).catch((e: Error) => this.logger.warn(`mail to ${u.username}: ${e.message}`));
      }
      await this.patrols.markOverdueNotified(p.id, now);
    }
    this.logger.log(`${overdue.length} patrol(s) overdue; supervisors told`);
    return overdue.length;
  }
}
