import { Injectable, Logger } from '@nestjs/common';
import { formatLocalTime, sitesInScope } from '@vigil/domain';
import { ClockPort, Mailer, PatrolRepository, SiteRepository, UserRepository } from '../ports';

/**
 * Tells the supervisors, once per patrol, that a patrol is past its due and not submitted: one digest
 * mail per run, to each of the patrols at sites in their scope. Each patrol is claimed first, so several
 * schedulers never tell twice.
 */
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
    const claimed: typeof overdue = [];
    for (const p of overdue) if (await this.patrols.claimOverdueNotice(p.id, now)) claimed.push(p);
    if (claimed.length === 0) return 0;
    const supervisors = (await this.users.list({ role: 'supervisor' }, {})).items.filter((u) => u.active && u.email);
    const sites = await this.sites.listAll();
    const siteOf = new Map(sites.map((s) => [s.id, s]));
    const line = (p: (typeof claimed)[number]) =>
      `${p.kind} ${p.period} at ${siteOf.get(p.siteId)?.name ?? p.siteId}: due ${formatLocalTime(p.dueAt, siteOf.get(p.siteId)?.timeZone)}, ${p.state} (${p.id})`;
    if (this.mailer.configured) {
      for (const u of supervisors) {
        // a site outside a supervisor's scope does not exist for them, in a mail as on a page
        const inScope = u.scope ? sitesInScope(u.scope, sites) : null;
        const theirs = inScope ? claimed.filter((p) => inScope.has(p.siteId)) : claimed;
        if (theirs.length === 0) continue;
        const subject = `[Vigil] 巡检逾期 ${theirs.length} patrol(s) overdue`;
        await this.mailer.send({ to: u.email!, subject, text: theirs.map(line).join('\n') }).catch((e: Error) => this.logger.warn(`mail to ${u.username}: ${e.message}`));
      }
    }
    this.logger.log(`${claimed.length} patrol(s) overdue; ${this.mailer.configured ? `${supervisors.length} supervisor(s) mailed` : 'no SMTP_URL: listed on the dashboard only'}`);
    return claimed.length;
  }
}
