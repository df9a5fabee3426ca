import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import {
  alertText,
  digestText,
  digestWebhookBody,
  faultLink,
  foldByFault,
  nextSendAt,
  notBeforeFor,
  stillStanding,
  takeDue,
  webhookBody,
  type Actor,
  type AlertSubjectKind,
  type AlertText,
  type BudgetRules,
  type DigestEntry,
  type Fault,
  type FaultLevel,
  type QueuedAlert,
  type WebhookFormat,
  type WebhookTarget,
} from '@vigil/domain';
import { FaultContextService } from '../faults/fault-context.service';
import { AccessPolicy } from '../identity/access-policy';
import {
  AlertQueue,
  ClockPort,
  FaultRepository,
  Mailer,
  MetricsPort,
  NotificationLog,
  ScheduledActions,
  SiteRepository,
  TransactionRunner,
  UserRepository,
  WebhookSender,
  type CounterMetric,
  type NotificationRecord,
  type StoredAlert,
} from '../ports';
import { AlertPlanner } from './alert-planner';

export type AlertOffer = Pick<QueuedAlert, 'kind' | 'reason' | 'step'>;

/** Something other than a fault a person is alerted about (a complaint): its level decides the quiet hours, its site their clock. */
export interface AlertSubject {
  kind: Exclude<AlertSubjectKind, 'fault'>;
  id: string;
  level: FaultLevel;
  siteId: string | null;
  timeZone: string;
}

/** Asked when a subject's messages go: whether each still stands (its own alerts are dropped otherwise) and what it says. */
export interface AlertSubjectSource {
  describe(ids: string[]): Promise<Map<string, { standing: boolean; text: AlertText }>>;
}

const isFaultAlert = (a: Pick<QueuedAlert, 'subject'>) => !a.subject || a.subject === 'fault';

/** A message about to go: a fault's, or another subject's with the text its source gave. */
type Taken = { item: StoredAlert; fault: Fault; text: null } | { item: StoredAlert; fault: null; text: AlertText };

const userKey = (id: string) => `user:${id}`;
const hookKey = (h: WebhookTarget) => `hook:${h.format}:${h.url}`;
/** The recipient's digest timer; hashed, as a webhook address may be longer than a timer key. */
const digestKey = (recipient: string) => `alert-digest:${createHash('sha256').update(recipient).digest('hex').slice(0, 40)}`;

/**
 * The alert budget: every alert is queued per recipient (a person, a group-chat webhook) and goes out in
 * that recipient's next message, at most one per `VIGIL_ALERT_DIGEST_SEC`; several waiting alerts become one
 * digest. Levels 3–4 wait out the contract's quiet hours. Each recipient's row is locked while their next
 * message is decided, and the digest is a durable timer, so any number of processes send it once.
 */
@Injectable()
export class AlertBudgetService {
  private readonly sentTotal: CounterMetric<'channel'>;
  private readonly subjects = new Map<AlertSubjectKind, AlertSubjectSource>();

  constructor(
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    private readonly queue: AlertQueue,
    private readonly actions: ScheduledActions,
    private readonly planner: AlertPlanner,
    private readonly faults: FaultRepository,
    private readonly context: FaultContextService,
    private readonly users: UserRepository,
    private readonly sites: SiteRepository,
    private readonly mailer: Mailer,
    private readonly webhooks: WebhookSender,
    private readonly log: NotificationLog,
    private readonly clock: ClockPort,
    private readonly tx: TransactionRunner,
    private readonly access: AccessPolicy,
    metrics: MetricsPort,
  ) {
    this.sentTotal = metrics.counter('vigil_alerts_sent_total', 'Alert messages sent (a digest counts once), by channel', ['channel']);
    for (const channel of ['email', 'webhook', 'dashboard']) this.sentTotal.inc({ channel }, 0);
  }

  private get digestMs(): number {
    return this.config.alertDigestSec * 1000;
  }

  /** Messages each recipient was sent in the last `minutes`, by channel, busiest first: the whole estate's, so unscoped managers only. */
  async volume(actor: Actor, minutes: number): Promise<{ since: Date; items: { recipient: string; channel: string; messages: number }[] }> {
    await this.access.requireWholeEstate(actor, 'alert.volume.read');
    const since = new Date(this.clock.now().getTime() - minutes * 60_000);
    return { since, items: await this.log.volumeSince(since) };
  }

  /** The process that sends digests learns here how to tell another subject than faults (its module registers at start). */
  registerSubject(kind: Exclude<AlertSubjectKind, 'fault'>, source: AlertSubjectSource): void {
    this.subjects.set(kind, source);
  }

  /** Queues an alert about a fault for each person and webhook; their digest timers move to when it may go. Answers how many recipients. */
  async offer(fault: Fault, alert: AlertOffer, userIds: string[], hooks: WebhookTarget[]): Promise<number> {
    const now = this.clock.now();
    const rules = await this.rulesFor(fault);
    return this.enqueue([...userIds.map(userKey), ...hooks.map(hookKey)], {
      ...alert,
      faultId: fault.id,
      level: fault.level,
      queuedAt: now,
      notBefore: notBeforeFor(fault.level, now, rules),
    });
  }

  /** Queues an alert about another subject (a complaint) for each person, under the same budget as their faults' alerts. */
  async offerAbout(subject: AlertSubject, alert: AlertOffer, userIds: string[]): Promise<number> {
    const now = this.clock.now();
    const ctx = subject.siteId ? await this.context.forSite(subject.siteId) : null;
    const rules: BudgetRules = { digestMs: this.digestMs, quietHours: ctx?.rules.quietHours ?? null, timeZone: ctx?.policy.timeZone ?? subject.timeZone };
    return this.enqueue(userIds.map(userKey), {
      ...alert,
      subject: subject.kind,
      faultId: subject.id,
      level: subject.level,
      queuedAt: now,
      notBefore: notBeforeFor(subject.level, now, rules),
    });
  }

  private async enqueue(to: string[], item: QueuedAlert): Promise<number> {
    // one order for every process, so two never wait on each other's rows
    const recipients = [...new Set(to)].sort();
    await this.tx.run(async () => {
      for (const recipient of recipients) {
        const { lastSentAt } = await this.queue.lockRecipient(recipient);
        await this.queue.enqueue(recipient, item);
        await this.scheduleNext(recipient, nextSendAt(lastSentAt, await this.queue.waiting(recipient), { digestMs: this.digestMs }));
      }
    });
    return recipients.length;
  }

  /** The digest timer of one recipient: sends what is due to them as one message, once. */
  async sendDue(recipient: string): Promise<void> {
    const now = this.clock.now();
    const taken = await this.tx.run(async () => {
      const { lastSentAt } = await this.queue.lockRecipient(recipient);
      const waiting = await this.queue.waiting(recipient);
      // a gather still running, the interval not over, or alerts come since the timer was set: not yet
      const next = nextSendAt(lastSentAt, waiting, { digestMs: this.digestMs });
      if (!next || next.getTime() > now.getTime()) {
        await this.scheduleNext(recipient, next);
        return [];
      }
      const { due, later } = takeDue(waiting, now);
      await this.queue.remove(due.map((d) => d.id));
      const ofFaults = due.filter(isFaultAlert);
      const faults = new Map<string, Fault>();
      for (const id of new Set(ofFaults.map((d) => d.faultId))) {
        const f = await this.faults.findById(id);
        if (f) faults.set(id, f);
      }
      const open = new Set([...faults.values()].filter((f) => f.state === 'open').map((f) => f.id));
      const others = await this.describeOthers(due.filter((d) => !isFaultAlert(d)));
      const standing = foldByFault([...stillStanding(ofFaults, open).filter((d) => faults.has(d.faultId)), ...others.standing]);
      if (standing.length > 0) await this.queue.markSent(recipient, now);
      await this.scheduleNext(recipient, nextSendAt(standing.length > 0 ? now : lastSentAt, later, { digestMs: this.digestMs }));
      return standing.map((item) =>
        isFaultAlert(item) ? { item, fault: faults.get(item.faultId)!, text: null } : { item, fault: null, text: others.texts.get(`${item.subject}:${item.faultId}`)! },
      );
    });
    if (taken.length === 0) return;
    await this.deliver(recipient, taken, now);
    for (const { item, fault } of taken) {
      if (fault && item.kind === 'alert' && item.step === 0) await this.followUp(fault.id, now);
    }
  }

  /** The due messages about other subjects that still stand, with their texts; a subject no source answers for is dropped. */
  private async describeOthers(due: StoredAlert[]): Promise<{ standing: StoredAlert[]; texts: Map<string, AlertText> }> {
    const texts = new Map<string, AlertText>();
    const standing: StoredAlert[] = [];
    for (const kind of new Set(due.map((d) => d.subject!))) {
      const mine = due.filter((d) => d.subject === kind);
      const described = (await this.subjects.get(kind)?.describe([...new Set(mine.map((d) => d.faultId))])) ?? new Map<string, { standing: boolean; text: AlertText }>();
      for (const d of mine) {
        const about = described.get(d.faultId);
        if (!about || (d.kind === 'alert' && !about.standing)) continue;
        texts.set(`${kind}:${d.faultId}`, about.text);
        standing.push(d);
      }
    }
    return { standing, texts };
  }

  private async scheduleNext(recipient: string, at: Date | null): Promise<void> {
    if (at) await this.actions.schedule(digestKey(recipient), 'alert-digest', at, { recipient });
  }

  /** A fault's first alert went out: its escalation and repeats count from now, planned once whoever was told first. */
  private async followUp(faultId: string, sentAt: Date): Promise<void> {
    await this.tx.run(async () => {
      const fault = await this.faults.findByIdForUpdate(faultId);
      if (fault?.state !== 'open' || (await this.planner.followUpsPlanned(faultId))) return;
      await this.planner.planFollowUps(fault, sentAt);
    });
  }

  private async rulesFor(fault: Fault): Promise<BudgetRules> {
    const ctx = await this.context.forSite(fault.siteId);
    return { digestMs: this.digestMs, quietHours: ctx.rules.quietHours, timeZone: ctx.policy.timeZone };
  }

  private async entries(taken: Taken[]): Promise<DigestEntry[]> {
    const sites = new Map<string, { name: string; timeZone?: string }>();
    for (const siteId of new Set(taken.flatMap((t) => (t.fault ? [t.fault.siteId] : [])))) {
      const site = await this.sites.findById(siteId);
      sites.set(siteId, { name: site?.name ?? siteId, timeZone: site?.timeZone });
    }
    return taken.map(({ item, fault, text }) => {
      if (!fault) return { fault: null, subject: { kind: item.subject!, id: item.faultId }, reason: item.reason, text: text! };
      const site = sites.get(fault.siteId)!;
      return { fault, reason: item.reason, text: alertText(fault, item.reason, site.name, faultLink(this.config.publicUrl, fault.id), site.timeZone) };
    });
  }

  private async deliver(recipient: string, taken: Taken[], now: Date): Promise<void> {
    const entries = await this.entries(taken);
    const text: AlertText = entries.length === 1 ? entries[0].text : digestText(entries);
    const detail = entries.length === 1 ? null : `digest of ${entries.length}`;
    const rows = (channel: NotificationRecord['channel'], to: string, status: NotificationRecord['status'], why: string | null): NotificationRecord[] =>
      taken.map(({ item }) => ({
        faultId: item.faultId,
        ...(isFaultAlert(item) ? {} : { subject: item.subject }),
        at: now,
        reason: item.reason.slice(0, 200),
        step: item.step,
        channel,
        recipient: to.slice(0, 300),
        status,
        detail: why ?? detail,
      }));
    const records: NotificationRecord[] = [];
    if (recipient.startsWith('user:')) {
      const user = await this.users.findById(recipient.slice('user:'.length));
      if (!user || !user.active) return;
      records.push(...rows('dashboard', user.username, 'sent', null));
      this.sentTotal.inc({ channel: 'dashboard' });
      if (user.email && this.mailer.configured) {
        const failure = await this.attempt(() => this.mailer.send({ to: user.email!, subject: text.title, text: text.lines.join('\n') }));
        records.push(...rows('email', user.email, failure ? 'failed' : 'sent', failure));
        if (!failure) this.sentTotal.inc({ channel: 'email' });
      }
    } else {
      const [, format, ...rest] = recipient.split(':');
      const url = rest.join(':');
      const body =
        entries.length === 1 ? webhookBody(format as WebhookFormat, text, entries[0].fault, entries[0].reason) : digestWebhookBody(format as WebhookFormat, text, entries);
      const failure = await this.attempt(async () => {
        const status = await this.webhooks.post(url, body);
        if (status >= 300) throw new Error(`HTTP ${status}`);
      });
      records.push(...rows('webhook', url, failure ? 'failed' : 'sent', failure));
      if (!failure) this.sentTotal.inc({ channel: 'webhook' });
    }
    await this.log.record(records);
  }

  /** Runs one delivery; answers its failure, or null when it went. */
  private async attempt(send: () => Promise<void>): Promise<string | null> {
    try {
      await send();
      return null;
    } catch (err) {
      return (err as Error).message.slice(0, 500);
    }
  }
}
