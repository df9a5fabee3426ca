import type { OnCallRota } from '../alerting/oncall-rota';
import { engineerMayWork } from './fault-worker';

const rota = (overrides: Partial<OnCallRota>): OnCallRota => ({
  id: 'r',
  name: 'Jinan',
  contractId: null,
  siteIds: ['s1'],
  regions: null,
  maxLevel: 4,
  cover: '7x24',
  members: ['eng-a'],
  startsAt: '2026-11-02T00:00:00Z',
  shiftDays: 7,
  overrides: [],
  supervisorIds: [],
  managerIds: [],
  webhooks: [],
  escalateAfterMinutes: [15, 30, 60],
  repeatEveryMinutes: 10,
  createdAt: new Date(),
  updatedAt: new Date(),
  ...overrides,
});
const fault = { siteId: 's1', region: 'Qingdao', level: 2 as const, contractId: 'c1', assigneeId: null as string | null };

describe(engineerMayWork.name, () => {
  it('should let the engineer a fault is dispatched to work it, rota or not', () => {
    expect(engineerMayWork({ ...fault, assigneeId: 'eng-b' }, 'eng-b', [])).toBe(true);
  });

  it('should keep a fault dispatched to someone else from every other engineer, even one on a rota covering it', () => {
    expect(engineerMayWork({ ...fault, assigneeId: 'eng-b' }, 'eng-a', [rota({})])).toBe(false);
  });

  it('should let an engineer on a rota covering an undispatched fault work it', () => {
    expect(engineerMayWork(fault, 'eng-a', [rota({})])).toBe(true);
  });

  it('should count an engineer standing in by an override as on the rota', () => {
    expect(engineerMayWork(fault, 'eng-z', [rota({ overrides: [{ from: '2026-11-20T00:00:00Z', to: '2026-11-21T00:00:00Z', userId: 'eng-z' }] })])).toBe(true);
  });

  it('should refuse an undispatched fault that no rota of the engineer covers', () => {
    expect(engineerMayWork(fault, 'eng-a', [rota({ siteIds: ['s2'] })])).toBe(false);
    expect(engineerMayWork(fault, 'eng-a', [rota({ contractId: 'c2' })])).toBe(false);
    expect(engineerMayWork(fault, 'eng-a', [rota({ maxLevel: 1 })])).toBe(false);
    expect(engineerMayWork(fault, 'eng-c', [rota({})])).toBe(false);
    expect(engineerMayWork(fault, null, [rota({})])).toBe(false);
  });
});
