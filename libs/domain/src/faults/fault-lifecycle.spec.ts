import { applyFaultAction, FaultTransitionError } from './fault-lifecycle';
import type { Fault } from './fault';

const t = (m: number) => new Date(Date.UTC(2026, 10, 22, 10, m));
const fault: Fault = {
  id: 'f1',
  deviceId: 'd1',
  siteId: 's1',
  contractId: null,
  region: 'Qingdao',
  kind: 'offline',
  subject: null,
  level: 2,
  state: 'open',
  source: 'health',
  parentFaultId: null,
  affectedCount: 0,
  description: null,
  reporter: null,
  channel: null,
  plan: null,
  assigneeId: null,
  patrolId: null,
  openedAt: t(0),
  acknowledgedAt: null,
  dispatchedAt: null,
  arrivedAt: null,
  restoredAt: null,
  repairedAt: null,
  closedAt: null,
  clearedAt: null,
  resolution: null,
  pauses: [],
  updatedAt: t(0),
};

describe(applyFaultAction.name, () => {
  it('should walk the whole lifecycle, stamping each step', () => {
    let f = applyFaultAction(fault, { type: 'acknowledge', plan: 'swap PSU' }, t(5));
    f = applyFaultAction(f, { type: 'dispatch', assigneeId: 'u1' }, t(6));
    f = applyFaultAction(f, { type: 'arrive' }, t(40));
    f = applyFaultAction(f, { type: 'restore', note: 'loaner in place' }, t(50));
    f = applyFaultAction(f, { type: 'close', resolution: 'PSU replaced', repaired: true }, t(90));
    expect(f).toMatchObject({
      state: 'closed',
      plan: 'swap PSU',
      assigneeId: 'u1',
      acknowledgedAt: t(5),
      dispatchedAt: t(6),
      arrivedAt: t(40),
      restoredAt: t(50),
      repairedAt: t(90),
      closedAt: t(90),
    });
  });

  it('should acknowledge when dispatching an unacknowledged fault', () => {
    expect(applyFaultAction(fault, { type: 'dispatch', assigneeId: 'u1' }, t(3))).toMatchObject({ state: 'dispatched', acknowledgedAt: t(3) });
  });

  it('should close a fault nobody works when health recovers, and leave a worked one restored for its record', () => {
    expect(applyFaultAction(fault, { type: 'clear' }, t(9))).toMatchObject({ state: 'closed', clearedAt: t(9), restoredAt: t(9) });
    const worked = applyFaultAction(fault, { type: 'dispatch', assigneeId: 'u1' }, t(3));
    expect(applyFaultAction(worked, { type: 'clear' }, t(9))).toMatchObject({ state: 'restored', clearedAt: t(9), closedAt: null });
  });

  it('should pause with a reason and resume, and close an open pause when the fault closes', () => {
    const paused = applyFaultAction(fault, { type: 'pause', reason: 'access refused' }, t(10));
    expect(() => applyFaultAction(paused, { type: 'pause', reason: 'again' }, t(11))).toThrow(FaultTransitionError);
    expect(applyFaultAction(paused, { type: 'resume' }, t(20)).pauses).toEqual([{ from: t(10), to: t(20), reason: 'access refused' }]);
    expect(applyFaultAction(paused, { type: 'clear' }, t(30)).pauses[0].to).toEqual(t(30));
    expect(() => applyFaultAction(fault, { type: 'resume' }, t(11))).toThrow('cannot resume a fault that is open');
  });

  it.each([
    ['arrive', { type: 'arrive' as const }],
    ['acknowledge twice', { type: 'acknowledge' as const, plan: null }],
  ])('should refuse %s out of order', (_name, action) => {
    const acked = applyFaultAction(fault, { type: 'acknowledge', plan: null }, t(1));
    expect(() => applyFaultAction(acked, action, t(2))).toThrow(FaultTransitionError);
  });

  it('should refuse everything on a closed fault', () => {
    const closed = applyFaultAction(fault, { type: 'clear' }, t(1));
    for (const action of [{ type: 'acknowledge', plan: null }, { type: 'restore', note: null }, { type: 'clear' }] as const) {
      expect(() => applyFaultAction(closed, action, t(2))).toThrow('fault that is closed');
    }
  });
});
