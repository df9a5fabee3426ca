import { Injectable } from '@nestjs/common';
import {
  callbackTiming,
  CALLBACK_ASSIGNEE_ROLES,
  DEFAULT_TIME_ZONE,
  formatLocalTime,
  isScore,
  mayMakeCallback,
  monthRange,
  neutraliseCell,
  nextCallAfter,
  type Actor,
  type Callback,
  type CallbackOutcome,
  type CallbackState,
  type CallbackTimingStatus,
  type Page,
  type PageRequest,
  type Permission,
} from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { ConflictError, InputError, NotFoundError } from '../errors';
import { AccessPolicy } from '../identity/access-policy';
import { CallbackRepository, ClockPort, CsvWriter, ScheduledActions, SiteRepository, TransactionRunner, UserRepository, type CallbackFilter } from '../ports';
import { CALLBACK_MISSED, CallbackOpener } from './callback-opener';
import { CallbackSettingsService } from './callback-settings.service';

export type CallbackView = Callback & { status: CallbackTimingStatus; missed: boolean };

export interface CallbackListFilter {
  customerId?: string;
  siteId?: string;
  assigneeId?: string;
  state?: CallbackState;
  /** Only those not done by due + grace. */
  missed?: boolean;
  /** YYYY-MM: due in that month (Asia/Shanghai). */
  month?: string;
}

export interface CallbackResultInput {
  outcome: CallbackOutcome;
  score?: number | null;
  notes?: string | null;
}

/** Callbacks (回访) as the desk works them: the list (with the missed ones), one chain, assigning, recording the call. */
@Injectable()
export class CallbackService {
  constructor(
    private readonly callbacks: CallbackRepository,
    private readonly opener: CallbackOpener,
    private readonly settings: CallbackSettingsService,
    private readonly users: UserRepository,
    private readonly sites: SiteRepository,
    private readonly actions: ScheduledActions,
    private readonly access: AccessPolicy,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
    private readonly csv: CsvWriter,
  ) {}

  async list(actor: Actor, f: CallbackListFilter, page: PageRequest): Promise<Page<CallbackView>> {
    const siteIds = await this.access.siteFilter(actor, 'callback.read');
    const found = await this.callbacks.list(this.filterOf(f, siteIds), page);
    return { items: found.items.map((c) => this.view(c)), total: found.total };
  }

  /** One callback with the whole chain it belongs to, first call first. */
  async get(actor: Actor, id: string): Promise<CallbackView & { chain: CallbackView[] }> {
    const cb = await this.visible(actor, 'callback.read', id);
    const chain = (await this.callbacks.list({ rootId: cb.rootId }, {})).items.sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.dueAt.getTime() - b.dueAt.getTime(),
    );
    return { ...this.view(cb), chain: chain.map((c) => this.view(c)) };
  }

  /** To an active desk user whose scope covers the site and who did not do the job (400 naming assigneeId otherwise). */
  async assign(actor: Actor, id: string, assigneeId: string): Promise<CallbackView> {
    const cb = await this.visible(actor, 'callback.assign', id);
    const user = await this.users.findById(assigneeId);
    if (!user || !user.active || !(CALLBACK_ASSIGNEE_ROLES as readonly string[]).includes(user.role))
      throw new InputError('assigneeId', `must be an active ${CALLBACK_ASSIGNEE_ROLES.join(' or ')}`);
    const sites = await this.access.siteIdsIn(user.scope);
    if (sites !== null && !sites.includes(cb.siteId)) throw new InputError('assigneeId', `user ${user.username} has no scope over the callback's site`);
    if (!mayMakeCallback(cb, user.id)) throw new InputError('assigneeId', `user ${user.username} did this job: the customer is called back by someone else`);
    return this.change(actor, id, (c) => ({ ...c, assigneeId }));
  }

  /**
   * The call's result. Whoever did the job may not record it (403, and the refusal is audited); a reached customer
   * is scored 0–10; a score under the pass mark opens a follow-up, a customer not reached another try.
   */
  async record(actor: Actor, id: string, input: CallbackResultInput): Promise<CallbackView & { followUp: CallbackView | null }> {
    const cb = await this.visible(actor, 'callback.record', id);
    if (!mayMakeCallback(cb, actor.userId)) await this.access.forbid(actor, 'callback.record', 'callback', id, 'you did this job: the customer is called back by someone else');
    const score = input.score ?? null;
    if (input.outcome === 'reached' && score === null) throw new InputError('score', 'is required when the customer was reached (0–10)');
    if (input.outcome !== 'reached' && score !== null) throw new InputError('score', `is only given when the customer was reached, not ${input.outcome}`);
    if (score !== null && !isScore(score)) throw new InputError('score', 'must be a whole number 0–10');
    let followUp: Callback | null = null;
    const done = await this.change(actor, id, async (c) => {
      const result = { outcome: input.outcome, score, notes: input.notes?.trim() || null, recordedAt: this.clock.now(), recordedBy: actor.userId ?? actor.username };
      const after: Callback = { ...c, state: 'done', result };
      const next = nextCallAfter(after, await this.settings.forContract(c.contractId));
      if (next) followUp = await this.opener.openNext(after, next.reason, next.dueAt, actor);
      return { ...after, followUpId: followUp?.id ?? null };
    });
    await this.actions.cancel(`${CALLBACK_MISSED}:${id}`);
    return { ...done, followUp: followUp ? this.view(followUp) : null };
  }

  /** The list as CSV for a spreadsheet: local times with their zone named, text cells neutralised. */
  async exportCsv(actor: Actor, f: CallbackListFilter): Promise<string> {
    const { items } = await this.list(actor, f, {});
    const sites = new Map((await this.sites.listAll()).map((s) => [s.id, s]));
    const names = new Map<string, string>();
    for (const id of new Set(items.map((c) => c.assigneeId).filter((x): x is string => x !== null))) {
      const u = await this.users.findById(id);
      names.set(id, u?.displayName ?? u?.username ?? id);
    }
    const rows: (string | number)[][] = [
      [
        'id',
        '站点 site',
        'reason',
        'fault',
        'patrol',
        'survey',
        'follows',
        '应回访 due',
        '逾期 missed after',
        'status',
        '回访人 assignee',
        'outcome',
        'score',
        'notes',
        '记录时间 recorded at',
        'follow-up',
      ],
      ...items.map((c) => {
        const site = sites.get(c.siteId);
        const local = (d: Date | null | undefined) => formatLocalTime(d, site?.timeZone ?? DEFAULT_TIME_ZONE);
        return [
          c.id,
          neutraliseCell(site ? `${site.name} (${site.code})` : c.siteId),
          c.reason,
          c.faultId ?? '',
          c.patrolId ?? '',
          c.surveyId ?? '',
          c.parentId ?? '',
          local(c.dueAt),
          local(c.missAt),
          c.status,
          neutraliseCell(c.assigneeId ? names.get(c.assigneeId) : ''),
          c.result?.outcome ?? '',
          c.result?.score ?? '',
          neutraliseCell(c.result?.notes),
          local(c.result?.recordedAt),
          c.followUpId ?? '',
        ];
      }),
    ];
    return '\uFEFF' + this.csv.write(rows, 'crlf');
  }

  private filterOf(f: CallbackListFilter, siteIds: string[] | null): CallbackFilter {
    const range = f.month ? monthRange(f.month, DEFAULT_TIME_ZONE) : null;
    if (f.month && !range) throw new InputError('month', 'must be a month written YYYY-MM');
    return {
      customerId: f.customerId,
      siteId: f.siteId,
      assigneeId: f.assigneeId,
      state: f.state,
      missedAt: f.missed ? this.clock.now() : undefined,
      dueFrom: range?.from,
      dueTo: range?.to,
      siteIds,
    };
  }

  private view(c: Callback): CallbackView {
    return { ...c, ...callbackTiming(c, this.clock.now()) };
  }

  private async change(actor: Actor, id: string, apply: (c: Callback) => Callback | Promise<Callback>): Promise<CallbackView> {
    const after = await this.tx.run(async () => {
      const before = await this.callbacks.findByIdForUpdate(id);
      if (!before) throw new NotFoundError('callback', id);
      if (before.state === 'done') throw new ConflictError('the callback is done; its result stands (a follow-up is a new callback)');
      const next = { ...(await apply(before)), updatedAt: this.clock.now() };
      await this.callbacks.update(next);
      await this.audit.record(actor, 'update', 'callback', id, before, next);
      return next;
    });
    return this.view(after);
  }

  /** A callback in the actor's scope: the role first, then the callback's site (404 outside, as if it did not exist). */
  private async visible(actor: Actor, permission: Permission, id: string): Promise<Callback> {
    await this.access.require(actor, permission);
    const cb = await this.callbacks.findById(id);
    if (!cb) throw new NotFoundError('callback', id);
    await this.access.requireSite(actor, permission, cb.siteId, 'callback', id);
    return cb;
  }
}
