import type { Actor, Fault, OnCallRota, User } from '@vigil/domain';
import { makeUnitSite } from '../../../../test/support/fake-access';
import { strictFake } from '../../../../test/support/strict-fake';
import type { RotaRouter } from '../alerting/rota-router';
import type { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import type { ClockPort, SiteRepository, UserRepository } from '../ports';
import { makeFault, makeRota, passThroughTx } from '../testing/alerting-fakes';
import { FaultCrewService } from './fault-crew.service';
import type { FaultService } from './fault.service';

/** 2 December 2026: `bob` is on call on the rota, `ann` his backup, `sue` its supervisor. */
const NOW = new Date('2026-12-02T02:00:00Z');
const SITES = [makeUnitSite('S1', 'cust-1'), makeUnitSite('S2', 'cust-2')];
const inCust1 = { customerIds: ['cust-1'], siteIds: [] };
const inS2 = { customerIds: [], siteIds: ['S2'] };
const user = (id: string, role: User['role'], scope: User['scope'] = null, extra: Partial<User> = {}): User => ({
  id,
  username: id,
  displayName: null,
  email: null,
  role,
  passwordHash: 'x',
  tokenVersion: 0,
  active: true,
  scope,
  createdAt: NOW,
  updatedAt: NOW,
  ...extra,
});
const USERS = [
  user('ann', 'engineer', null, { displayName: 'Ann Li' }),
  user('bob', 'engineer', inCust1),
  user('cid', 'engineer', inS2),
  user('eve', 'engineer', { customerIds: ['cust-1', 'cust-2'], siteIds: [] }),
  user('dan', 'engineer', null, { active: false }),
  user('sue', 'supervisor'),
  user('op', 'operator'),
];

function setup(fault: Fault, rota: OnCallRota | null) {
  const audit = strictFake<AuditService>('audit', { record: async () => ({}) as never });
  const access = new AccessPolicy(strictFake<SiteRepository>('sites', { listAll: async () => SITES }), audit, passThroughTx());
  const faults = strictFake<FaultService>('faults', {
    visible: async (actor: Actor, permission: Parameters<AccessPolicy['require']>[1], id: string) => {
      await access.require(actor, permission);
      if (id !== fault.id) throw new NotFoundError('fault', id);
      await access.requireSite(actor, permission, fault.siteId, 'fault', id);
      return fault;
    },
  });
  const users = strictFake<UserRepository>('users', {
    list: async (filter: { role?: User['role'] }) => {
      const items = USERS.filter((u) => u.role === filter.role);
      return { items, total: items.length };
    },
    findById: async (id: string) => USERS.find((u) => u.id === id) ?? null,
  });
  const router = strictFake<RotaRouter>('router', { rotaFor: async () => rota });
  return new FaultCrewService(faults, users, router, access, strictFake<ClockPort>('clock', { now: () => NOW }));
}

const operator: Actor = { userId: 'op', username: 'op', role: 'operator', scope: null };

describe(FaultCrewService.name, () => {
  it("should name who is on call for the fault now: the covering rota's primary, backup and supervisors", async () => {
    const crew = setup(makeFault({ siteId: 'S1' }), makeRota());
    await expect(crew.onCall(operator, 'F1')).resolves.toEqual({
      rota: { id: 'R1', name: 'North', cover: '7x24' },
      primary: { id: 'bob', username: 'bob', name: 'bob', role: 'engineer' },
      backup: { id: 'ann', username: 'ann', name: 'Ann Li', role: 'engineer' },
      supervisors: [{ id: 'sue', username: 'sue', name: 'sue', role: 'supervisor' }],
    });
  });

  it('should say no one is on call when no rota covers the fault', async () => {
    await expect(setup(makeFault({ siteId: 'S1' }), null).onCall(operator, 'F1')).resolves.toEqual({ rota: null, primary: null, backup: null, supervisors: [] });
  });

  it("should offer for dispatch the active engineers and supervisors whose scope covers the fault's site, those on call first", async () => {
    const { items, total } = await setup(makeFault({ siteId: 'S1' }), makeRota()).assignees(operator, 'F1');
    // cid's scope is another site, dan is inactive, op is no engineer
    expect(items.map((a) => [a.id, a.onCall])).toEqual([
      ['bob', 'primary'],
      ['ann', 'backup'],
      ['eve', null],
      ['sue', null],
    ]);
    expect(total).toBe(4);
  });

  it('should answer 404 for a fault outside the caller scope, and refuse an engineer the dispatch list', async () => {
    const crew = setup(makeFault({ siteId: 'S1' }), makeRota());
    const scopedToS2: Actor = { userId: 'op2', username: 'op2', role: 'operator', scope: inS2 };
    await expect(crew.onCall(scopedToS2, 'F1')).rejects.toThrow(NotFoundError);
    await expect(crew.assignees(scopedToS2, 'F1')).rejects.toThrow(NotFoundError);
    await expect(crew.assignees({ userId: 'bob', username: 'bob', role: 'engineer', scope: inCust1 }, 'F1')).rejects.toThrow('fault.dispatch');
  });

  it('should leave out of the list people a scoped caller may not see', async () => {
    const scopedToCust1: Actor = { userId: 'op1', username: 'op1', role: 'operator', scope: inCust1 };
    const { items } = await setup(makeFault({ siteId: 'S1' }), makeRota()).assignees(scopedToCust1, 'F1');
    // unscoped staff and bob (inside cust-1) are visible; eve also works for cust-2
    expect(items.map((a) => a.id)).toEqual(['bob', 'ann', 'sue']);
  });
});
