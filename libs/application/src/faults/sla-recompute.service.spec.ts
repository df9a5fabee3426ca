import { DEMO_SLA_POLICY, SHIPPED_HOLIDAY_SCHEDULES, WorkingCalendar, type Fault, type HolidaySchedule } from '@vigil/domain';
import { strictFake } from '../../../../test/support/strict-fake';
import type { AlertPlanner } from '../alerting/alert-planner';
import type { ClockPort, FaultRepository, TransactionRunner } from '../ports';
import type { FaultContextService } from './fault-context.service';
import type { FaultNotices } from './fault-notices';
import { SlaRecomputeService } from './sla-recompute.service';

const NOW = new Date('2026-12-29T09:00:00+08:00');
const Y2027: HolidaySchedule = { year: 2027, daysOff: ['2027-01-01', '2027-01-02', '2027-01-03'], makeUpWorkdays: [] };
const makeFault = (id: string, openedAt: string, over: Partial<Fault> = {}): Fault => ({
  id,
  deviceId: null,
  siteId: 's1',
  contractId: null,
  region: 'Qingdao',
  kind: 'other',
  subject: null,
  level: 3,
  state: 'open',
  source: 'report',
  parentFaultId: null,
  affectedCount: 0,
  description: null,
  reporter: null,
  channel: null,
  plan: null,
  assigneeId: null,
  patrolId: null,
  openedAt: new Date(openedAt),
  acknowledgedAt: null,
  dispatchedAt: null,
  arrivedAt: null,
  restoredAt: null,
  repairedAt: null,
  closedAt: null,
  clearedAt: null,
  resolution: null,
  pauses: [],
  updatedAt: new Date(openedAt),
  ...over,
});

function setup(live: Fault[], stored: Fault[] = live) {
  const planned: { id: string; repairDue: string | null }[] = [];
  const recorded: string[] = [];
  const published: string[] = [];
  const calendar = new WorkingCalendar([...SHIPPED_HOLIDAY_SCHEDULES, Y2027], 'Asia/Shanghai');
  const service = new SlaRecomputeService(
    strictFake<FaultRepository>('faults', {
      list: async () => ({ items: live, total: live.length }),
      findByIdForUpdate: async (id: string) => stored.find((f) => f.id === id) ?? null,
      recordSla: async (id: string) => {
        recorded.push(id);
      },
    }),
    strictFake<FaultContextService>('context', { forContract: async () => ({ contract: null, rules: {} as never, policy: DEMO_SLA_POLICY, calendar }) }),
    strictFake<AlertPlanner>('planner', {
      planChanged: async (f: Fault, sla: { repair: { due: Date | null } }) => {
        planned.push({ id: f.id, repairDue: sla.repair.due?.toISOString() ?? null });
      },
    }),
    strictFake<TransactionRunner>('tx', { run: (work: () => Promise<unknown>) => work(), afterCommit: (effect: () => void) => effect() }),
    strictFake<FaultNotices>('notices', {
      publish: ({ fault }: { fault: Fault }) => {
        published.push(fault.id);
      },
    }),
    strictFake<ClockPort>('clock', { now: () => NOW }),
  );
  return { service, planned, recorded, published };
}

describe(SlaRecomputeService.name, () => {
  it('should replan, record and announce only the live faults whose clock counts on the loaded year', async () => {
    const reaching = makeFault('reaching', '2026-12-28T10:00:00+08:00');
    const inside = makeFault('inside', '2026-12-01T10:00:00+08:00');
    const { service, planned, recorded, published } = setup([reaching, inside]);
    await expect(service.afterCalendarLoaded(2027)).resolves.toBe(1);
    expect(planned).toEqual([{ id: 'reaching', repairDue: '2027-01-05T16:00:00.000Z' }]);
    expect(recorded).toEqual(['reaching']);
    expect(published).toEqual(['reaching']);
  });

  it('should skip a fault closed meanwhile and go on past one whose SLA cannot be computed', async () => {
    const closedSince = makeFault('closed', '2026-12-28T10:00:00+08:00');
    const mars = makeFault('mars', '2026-12-28T10:00:00+08:00', { region: 'Mars' });
    const reaching = makeFault('reaching', '2026-12-28T11:00:00+08:00');
    const { service, planned } = setup([closedSince, mars, reaching], [{ ...closedSince, state: 'closed' }, reaching]);
    await expect(service.afterCalendarLoaded(2027)).resolves.toBe(1);
    expect(planned.map((p) => p.id)).toEqual(['reaching']);
  });
});
