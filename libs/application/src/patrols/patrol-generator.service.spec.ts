import type { ChecklistTemplate, Contract, Patrol, PatrolKind, PatrolPlan, Site } from '@vigil/domain';
import { fakeAccess, makeUnitSite, unitActor } from '../../../../test/support/fake-access';
import { strictFake } from '../../../../test/support/strict-fake';
import type { Installation } from '../bootstrap/installation';
import { ForbiddenError, InputError, NotFoundError } from '../errors';
import type { ContractRepository, PatrolRepository, SiteRepository } from '../ports';
import { FakeClock } from '../testing';
import { PatrolGenerator } from './patrol-generator.service';
import type { PatrolPlanChanges } from './patrol-plan-changes';

const ZONE = 'Asia/Shanghai';
const AT = new Date('2026-01-01T00:00:00Z');
const template = (kind: ChecklistTemplate['kind'], version = 1): ChecklistTemplate => ({ id: kind, version, kind, name: { zh: kind, en: kind }, items: [] });
const makeContract = (id: string, customerId: string, startsOn: string, endsOn: string): Contract => ({
  id,
  customerId,
  name: id,
  startsOn,
  endsOn,
  timeZone: ZONE,
  slaPolicy: {},
  createdAt: AT,
  updatedAt: AT,
});
const monthlyPlan = (overrides: Partial<PatrolPlan> = {}): PatrolPlan => ({
  id: 'plan-1',
  contractId: null,
  kind: 'monthly',
  templateId: 'monthly',
  siteIds: null,
  schedule: { kind: 'monthly', timeZone: ZONE },
  startsOn: '2026-01-01',
  active: true,
  createdAt: AT,
  updatedAt: AT,
  ...overrides,
});

interface World {
  sites: Site[];
  contracts: Contract[];
  plans?: PatrolPlan[];
  installedAt?: string;
  now?: string;
}

/** The generator over in-memory patrols, plans and templates (monthly and weekly only; no half-yearly template). */
function setup(world: World) {
  const patrols: Patrol[] = [];
  const plans = [...(world.plans ?? [])];
  const clock = new FakeClock(world.now ?? '2026-12-02T02:00:00Z');
  const { access, audit, tx, audited } = fakeAccess(world.sites);
  const repo = strictFake<PatrolRepository>('patrols', {
    templates: async () => [template('monthly'), template('monthly', 2), template('weekly-power-on')],
    plans: async () => plans,
    savePlan: async (plan: PatrolPlan) => {
      plans.push(plan);
    },
    existingKeys: async (planId: string, from: Date) => new Set(patrols.filter((p) => p.planId === planId && p.periodEnd > from).map((p) => `${p.siteId}|${p.period}`)),
    insertIfAbsent: async (p: Patrol) => {
      if (patrols.some((q) => q.planId === p.planId && q.siteId === p.siteId && q.period === p.period)) return false;
      patrols.push(p);
      return true;
    },
  });
  const generator = new PatrolGenerator(
    repo,
    strictFake<SiteRepository>('sites', { listAll: async () => world.sites, findById: async (id: string) => world.sites.find((s) => s.id === id) ?? null }),
    strictFake<ContractRepository>('contracts', { list: async () => world.contracts, findById: async (id: string) => world.contracts.find((c) => c.id === id) ?? null }),
    tx,
    clock,
    audit,
    access,
    strictFake<Installation>('installation', { installedAt: async () => new Date(world.installedAt ?? '2025-01-01T00:00:00Z') }),
    strictFake<PatrolPlanChanges>('planChanges'),
  );
  const periods = (siteId: string) =>
    patrols
      .filter((p) => p.siteId === siteId)
      .map((p) => p.period)
      .sort();
  return { generator, patrols, plans, clock, audited, periods };
}

describe(PatrolGenerator.name, () => {
  const contract = makeContract('c1', 'cust-a', '2026-01-01', '2027-12-31');
  const s1 = makeUnitSite('s1', 'cust-a', { contractId: 'c1' });
  const s2 = makeUnitSite('s2', 'cust-a', { contractId: 'c1' });

  describe('generate', () => {
    it("should create each site's period once, with the newest template, however often it runs", async () => {
      const { generator, patrols, periods } = setup({ sites: [s1, s2], contracts: [contract], plans: [monthlyPlan({ startsOn: '2026-10-01' })] });
      await expect(generator.generate()).resolves.toBe(6);
      await expect(generator.generate()).resolves.toBe(0);
      expect(periods('s1')).toEqual(['2026-10', '2026-11', '2026-12']);
      expect(periods('s2')).toEqual(['2026-10', '2026-11', '2026-12']);
      expect(new Set(patrols.map((p) => p.templateVersion))).toEqual(new Set([2]));
    });

    it('should create the periods missed while nothing ran, marked generated late, and the current one not', async () => {
      const { generator, patrols, clock } = setup({ sites: [s1], contracts: [contract], plans: [monthlyPlan({ startsOn: '2026-10-01' })], now: '2026-10-15T02:00:00Z' });
      await generator.generate();
      await clock.advance(48 * 24 * 3600_000); // the scheduler down until 2 December
      await expect(generator.generate()).resolves.toBe(2);
      expect(patrols.map((p) => [p.period, p.generatedLate, p.dueAt.toISOString()])).toEqual([
        ['2026-10', false, '2026-10-31T16:00:00.000Z'],
        ['2026-11', true, '2026-11-30T16:00:00.000Z'],
        ['2026-12', false, '2026-12-31T16:00:00.000Z'],
      ]);
    });

    it("should begin each site at the latest of the installation, its contract's start and the plan's start", async () => {
      const lateContract = makeContract('c2', 'cust-a', '2026-11-10', '2027-12-31');
      const s3 = makeUnitSite('s3', 'cust-a', { contractId: 'c2' });
      const { generator, periods } = setup({
        sites: [s1, s3],
        contracts: [contract, lateContract],
        plans: [monthlyPlan({ startsOn: '2026-08-01' })],
        installedAt: '2026-09-20T00:00:00Z',
      });
      await generator.generate();
      expect(periods('s1')).toEqual(['2026-09', '2026-10', '2026-11', '2026-12']); // the installation, under way in September
      expect(periods('s3')).toEqual(['2026-11', '2026-12']); // its contract
      const byPlan = setup({ sites: [s1], contracts: [contract], plans: [monthlyPlan({ startsOn: '2026-12-01' })] });
      await byPlan.generator.generate();
      expect(byPlan.periods('s1')).toEqual(['2026-12']);
    });

    it("should owe no period that begins after the contract's last local day, nor any of a plan not yet started", async () => {
      const ended = makeContract('c3', 'cust-a', '2026-01-01', '2026-10-31');
      const s4 = makeUnitSite('s4', 'cust-a', { contractId: 'c3' });
      const { generator, periods } = setup({
        sites: [s4],
        contracts: [ended],
        plans: [monthlyPlan({ startsOn: '2026-09-01' }), monthlyPlan({ id: 'future', startsOn: '2027-01-01' })],
      });
      await generator.generate();
      expect(periods('s4')).toEqual(['2026-09', '2026-10']);
    });
  });

  describe('createPlan', () => {
    const sB = makeUnitSite('sB', 'cust-b');
    const input = { contractId: null, kind: 'monthly' as PatrolKind, siteIds: ['s1'], startsOn: '2026-12-01' };

    it('should refuse a role without patrol-plan.write with 403 and a site outside the scope with 404, both recorded, before saving anything', async () => {
      const { generator, plans, audited } = setup({ sites: [s1, sB], contracts: [contract] });
      await expect(generator.createPlan(unitActor('operator'), input)).rejects.toThrow(ForbiddenError);
      await expect(generator.createPlan(unitActor('supervisor', ['cust-b']), input)).rejects.toThrow(NotFoundError);
      await expect(generator.createPlan(unitActor('supervisor', ['cust-b']), { ...input, siteIds: null })).rejects.toThrow(ForbiddenError);
      expect(audited.map((e) => [e.action, e.entity])).toEqual([
        ['access-denied', 'permission'],
        ['access-denied', 'site'],
        ['access-denied', 'estate'],
      ]);
      expect(plans).toEqual([]);
    });

    it('should name the field that is wrong and save nothing', async () => {
      const { generator, plans } = setup({ sites: [s1], contracts: [contract] });
      const cases: [Partial<typeof input> & { timeZone?: string; cron?: string }, string][] = [
        [{ kind: 'half-yearly' }, 'kind'],
        [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
        [{ startsOn: '2026-02-30' }, 'startsOn'],
        [{ cron: '*/5 * * * *' }, 'cron'],
        [{ cron: 'every monday' }, 'cron'],
      ];
      for (const [change, field] of cases) {
        const refused = await generator.createPlan(unitActor('admin'), { ...input, ...change }).catch((e: unknown) => e);
        expect([change, refused instanceof InputError && refused.field]).toEqual([change, field]);
      }
      expect(plans).toEqual([]);
    });

    it('should save the plan, record it, and have its patrols up to now when it answers', async () => {
      const { generator, plans, patrols, audited } = setup({ sites: [s1, s2], contracts: [contract] });
      const plan = await generator.createPlan(unitActor('supervisor', ['cust-a']), { ...input, startsOn: '2026-11-01', dueAfterDays: 7 });
      expect(plans).toEqual([plan]);
      expect(plan.schedule).toEqual({ kind: 'monthly', timeZone: ZONE, dueAfterDays: 7, weeklyAt: undefined, cron: undefined, durationMinutes: undefined });
      expect(audited).toEqual([expect.objectContaining({ action: 'create', entity: 'patrol-plan', entityId: plan.id })]);
      expect(patrols.map((p) => [p.siteId, p.period, p.dueAt.toISOString(), p.generatedLate])).toEqual([
        ['s1', '2026-11', '2026-11-07T16:00:00.000Z', true],
        ['s1', '2026-12', '2026-12-07T16:00:00.000Z', false],
      ]);
    });
  });
});
