import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import {
  checkPlanCron,
  DAY_MS,
  DEMO_CONTRACT_ID,
  periodsToGenerate,
  planSites,
  SEEDED_TEMPLATES,
  validateTemplate,
  type Actor,
  type ChecklistTemplate,
  type Patrol,
  type PatrolKind,
  type PatrolPlan,
  type Site,
} from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { Installation } from '../bootstrap/installation';
import { InputError, NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import { ClockPort, ContractRepository, PatrolRepository, SiteRepository, TransactionRunner } from '../ports';
import { PatrolPlanChanges } from './patrol-plan-changes';

/** How far back a scheduler that was down catches up. */
const CATCH_UP_DAYS = 400;

/**
 * Creates each plan's patrols, one per site and period, keyed in the database so that any number of
 * schedulers, restarts and catch-ups never create one twice. Periods missed while nothing ran are
 * created too, marked generated late: nothing is backfilled silently. Periods that ended before the
 * installation, the contract's start or the plan's start get none.
 */
@Injectable()
export class PatrolGenerator {
  private readonly logger = new Logger(PatrolGenerator.name);

  constructor(
    private readonly patrols: PatrolRepository,
    private readonly sites: SiteRepository,
    private readonly contracts: ContractRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: ClockPort,
    private readonly audit: AuditService,
    private readonly access: AccessPolicy,
    private readonly installation: Installation,
    private readonly planChanges: PatrolPlanChanges,
  ) {}

  /** The shipped checklist templates, and the tender's three plans for the demo contract when it exists. */
  async seed(): Promise<void> {
    const now = this.clock.now();
    for (const t of SEEDED_TEMPLATES) await this.patrols.saveTemplate(t, now);
    const demo = await this.contracts.findById(DEMO_CONTRACT_ID);
    if (!demo || (await this.patrols.plans()).some((p) => p.contractId === DEMO_CONTRACT_ID)) return;
    // fixed ids: two processes seeding at once write the same three rows
    const plan = (kind: PatrolPlan['kind']): PatrolPlan => ({
      id: `demo-${kind}`,
      contractId: DEMO_CONTRACT_ID,
      kind,
      templateId: kind,
      siteIds: null,
      // from the month the demo is installed in: a fresh install is not a year of missed patrols
      schedule: { kind, timeZone: demo.timeZone },
      startsOn: DateTime.fromJSDate(now, { zone: demo.timeZone }).startOf('month').toISODate()!,
      active: true,
      createdAt: now,
      updatedAt: now,
    });
    const plans = (['weekly-power-on', 'monthly', 'half-yearly'] as const).map(plan);
    for (const p of plans) await this.patrols.savePlan(p);
    // the scheduler may be another process, started before this estate was loaded
    this.planChanges.announce(plans.map((p) => p.id));
  }

  /**
   * A new version of a kind's checklist; patrols generated from now on use it, those already
   * generated keep the version they were made with.
   */
  async publishTemplate(actor: Actor, kind: PatrolKind, raw: unknown): Promise<ChecklistTemplate> {
    // a template belongs to a patrol kind, not to a customer: a new version reaches every contract's plans
    await this.access.requireWholeEstate(actor, 'patrol-template.write');
    const checked = validateTemplate(raw);
    if (!checked.ok) throw InputError.ofFields(checked.errors);
    return this.tx.run(async () => {
      const latest = Math.max(0, ...(await this.patrols.templates()).filter((t) => t.id === kind).map((t) => t.version));
      const template: ChecklistTemplate = { id: kind, version: latest + 1, kind, name: checked.name, items: checked.items };
      await this.patrols.saveTemplate(template, this.clock.now());
      await this.audit.record(actor, 'create', 'checklist-template', `${kind}@${template.version}`, null, template);
      return template;
    });
  }

  /** Every template version; checklists are the same for every customer, so everyone may read them. */
  async templates(actor: Actor): Promise<ChecklistTemplate[]> {
    await this.access.require(actor, 'patrol.read');
    return this.patrols.templates();
  }

  /** The plans that make patrols at a site in the actor's scope. */
  async plans(actor: Actor): Promise<PatrolPlan[]> {
    const scope = await this.access.siteFilter(actor, 'patrol.read');
    const plans = await this.patrols.plans();
    if (scope === null) return plans;
    const inScope = new Set(scope);
    const sites = await this.sites.listAll();
    return plans.filter((plan) => planSites(plan, sites).some((s) => inScope.has(s.id)));
  }

  /**
   * A plan over sites in the author's scope, or over a whole contract whose customer the scope names whole;
   * a contract or site outside the scope is 404, like one that does not exist. A plan over the whole estate
   * (no contract, no sites) is for unscoped users only.
   */
  async createPlan(
    actor: Actor,
    input: {
      contractId: string | null;
      kind: PatrolKind;
      siteIds: string[] | null;
      startsOn: string;
      timeZone?: string;
      weeklyAt?: string;
      dueAfterDays?: number;
      cron?: string;
      durationMinutes?: number;
    },
  ): Promise<PatrolPlan> {
    await this.access.require(actor, 'patrol-plan.write');
    if (input.contractId === null && input.siteIds === null) await this.access.requireWholeEstate(actor, 'patrol-plan.write');
    const contract = input.contractId ? await this.contracts.findById(input.contractId) : null;
    if (input.contractId) {
      // the whole contract: its customer named whole in the scope; some of its sites: the customer readable, the sites checked below
      await this.access.requireCustomer(actor, input.siteIds === null ? 'patrol-plan.write' : 'patrol.read', contract?.customerId ?? null, 'contract', input.contractId);
      if (!contract) throw new NotFoundError('contract', input.contractId);
    }
    if (input.siteIds !== null) {
      for (const id of input.siteIds) {
        await this.access.requireSite(actor, 'patrol-plan.write', id, 'site', id);
        if (!(await this.sites.findById(id))) throw new NotFoundError('site', id);
      }
    }
    if (!(await this.patrols.templates()).some((t) => t.id === input.kind)) throw new InputError('kind', `no checklist template for ${input.kind}`);
    try {
      if (input.timeZone) new Intl.DateTimeFormat('en', { timeZone: input.timeZone });
    } catch {
      throw new InputError('timeZone', 'must be an IANA time zone such as Asia/Shanghai');
    }
    const timeZone = input.timeZone ?? contract?.timeZone ?? 'Asia/Shanghai';
    if (!DateTime.fromISO(input.startsOn, { zone: timeZone }).isValid) throw new InputError('startsOn', 'must be a real date written YYYY-MM-DD');
    if (input.cron !== undefined) {
      const problem = checkPlanCron(input.cron, timeZone);
      if (problem) throw new InputError('cron', problem);
    }
    const now = this.clock.now();
    const plan: PatrolPlan = {
      id: randomUUID(),
      contractId: input.contractId,
      kind: input.kind,
      templateId: input.kind,
      siteIds: input.siteIds,
      startsOn: input.startsOn,
      active: true,
      schedule: { kind: input.kind, timeZone, weeklyAt: input.weeklyAt, dueAfterDays: input.dueAfterDays, cron: input.cron, durationMinutes: input.durationMinutes },
      createdAt: now,
      updatedAt: now,
    };
    await this.tx.run(async () => {
      await this.patrols.savePlan(plan);
      await this.audit.record(actor, 'create', 'patrol-plan', plan.id, null, plan);
    });
    // its patrols up to now exist when the plan is answered, not at the scheduler's next tick; failing here
    // loses nothing (the plan is saved, and every run of the scheduler creates what is missing)
    await this.generate(now, [plan.id]).catch((err: Error) => this.logger.error(`plan ${plan.id}: patrols not generated yet: ${err.message}`));
    return plan;
  }

  /** Creates what is missing up to now (of the given plans, else of every plan); answers how many patrols were created. */
  async generate(now = this.clock.now(), planIds?: string[]): Promise<number> {
    let created = 0;
    const installedAt = await this.installation.installedAt();
    const contracts = await this.contracts.list();
    const contractStarts = new Map(contracts.map((c) => [c.id, DateTime.fromISO(c.startsOn, { zone: c.timeZone }).toJSDate().getTime()]));
    // a contract's last day is its own: periods beginning after it are no longer owed
    const contractEnds = new Map(contracts.map((c) => [c.id, DateTime.fromISO(c.endsOn, { zone: c.timeZone }).plus({ days: 1 }).toJSDate().getTime()]));
    const catchUpFrom = new Date(now.getTime() - CATCH_UP_DAYS * DAY_MS);
    const allSites = await this.sites.listAll();
    const templates = await this.patrols.templates();
    for (const plan of (await this.patrols.plans()).filter((p) => p.active && (!planIds || planIds.includes(p.id)))) {
      const template = templates.filter((t) => t.id === plan.templateId).sort((a, b) => b.version - a.version)[0];
      if (!template) {
        this.logger.warn(`plan ${plan.id}: no template ${plan.templateId}`);
        continue;
      }
      // a site's patrols begin at the latest of the plan's start, its contract's start and the installation
      const planStart = DateTime.fromISO(plan.startsOn, { zone: plan.schedule.timeZone }).toJSDate().getTime();
      const byStart = new Map<number, Site[]>();
      const closesAt = new Map<string, number>();
      for (const site of planSites(plan, allSites)) {
        const contractId = plan.contractId ?? site.contractId;
        const opensAt = Math.max(planStart, installedAt.getTime(), contractStarts.get(contractId ?? '') ?? -Infinity);
        byStart.set(opensAt, [...(byStart.get(opensAt) ?? []), site]);
        closesAt.set(site.id, contractEnds.get(contractId ?? '') ?? Infinity);
      }
      const earliest = Math.max(Math.min(...byStart.keys()), catchUpFrom.getTime());
      if (byStart.size === 0 || earliest > now.getTime()) continue;
      const existing = await this.patrols.existingKeys(plan.id, new Date(earliest));
      for (const [opensAt, sites] of byStart) {
        for (const period of periodsToGenerate(plan.schedule, new Date(opensAt), now, catchUpFrom)) {
          for (const site of sites.filter((s) => !existing.has(`${s.id}|${period.key}`) && period.startsAt.getTime() < closesAt.get(s.id)!)) {
            const patrol: Patrol = {
              id: randomUUID(),
              planId: plan.id,
              siteId: site.id,
              contractId: plan.contractId,
              kind: plan.kind,
              templateId: template.id,
              templateVersion: template.version,
              period: period.key,
              periodStart: period.startsAt,
              periodEnd: period.endsAt,
              dueAt: period.dueAt,
              state: 'due',
              generatedLate: now > period.dueAt,
              assigneeId: null,
              startedAt: null,
              submittedAt: null,
              results: [],
              signoff: null,
              createdAt: now,
              updatedAt: now,
            };
            if (await this.tx.run(() => this.patrols.insertIfAbsent(patrol))) created += 1;
          }
        }
      }
    }
    if (created > 0) this.logger.log(`created ${created} patrols`);
    return created;
  }
}
