import { Injectable } from '@nestjs/common';
import { rotaCovers, type Fault, type OnCallRota } from '@vigil/domain';
import { FaultContextService } from '../faults/fault-context.service';
import { OnCallRotaRepository } from '../ports';

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Picks the rota that answers for a fault: the most specific one covering it, 5×8 rotas only in working hours. */
@Injectable()
export class RotaRouter {
  constructor(
    private readonly rotas: OnCallRotaRepository,
    private readonly context: FaultContextService,
  ) {}

  async rotaFor(fault: Pick<Fault, 'siteId' | 'region' | 'level' | 'contractId'>, at: Date): Promise<OnCallRota | null> {
    const ctx = await this.context.forSite(fault.siteId);
    const covering = (await this.rotas.list()).filter((r) => rotaCovers(r, { siteId: fault.siteId, region: fault.region, level: fault.level, contractId: fault.contractId }));
    const inCover = covering.filter((r) => r.cover === '7x24' || this.inWorkingHours(at, ctx.site.workingHours, ctx.calendar));
    const specificity = (r: OnCallRota) => (r.siteIds ? 4 : 0) + (r.regions ? 2 : 0) + (r.contractId ? 1 : 0) + (r.cover === '5x8' ? 8 : 0);
    return inCover.sort((a, b) => specificity(b) - specificity(a))[0] ?? null;
  }

  private inWorkingHours(at: Date, hours: string, calendar: FaultContextServiceCalendar): boolean {
    const local = new Intl.DateTimeFormat('en-CA', {
      timeZone: calendar.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
    try {
      if (!calendar.isWorkingDay(`${local.year}-${local.month}-${local.day}`)) return false;
    } catch {
      // no holiday calendar for this year: count the day as working (better to alert than to stay quiet), the hours still apply
    }
    const [from, to] = hours.split('-');
    const now = Number(local.hour) * 60 + Number(local.minute);
    return now >= minutesOf(from) && now < minutesOf(to);
  }
}

type FaultContextServiceCalendar = { timeZone: string; isWorkingDay(day: string): boolean };
