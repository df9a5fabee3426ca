import { Injectable } from '@nestjs/common';
import {
  onCallAt,
  TEST_CHANNELS,
  TEST_MESSAGE_INTERVAL_SEC,
  testMessageText,
  testWebhookBody,
  type Actor,
  type AlertText,
  type OnCallRota,
  type TestChannel,
  type TestDelivery,
} from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { InputError, TooManyAttemptsError } from '../errors';
import { AuditRepository, ClockPort, ContractRepository, Mailer, SiteRepository, TransactionRunner, UserRepository, WebhookSender } from '../ports';
import { OnCallService } from './oncall.service';

export interface RotaTestRequest {
  /** People named in the rota to mail; absent: whoever is on call now. */
  userIds?: string[];
  /** Absent: every channel. */
  channels?: TestChannel[];
}

export interface RotaTestResult {
  at: Date;
  deliveries: TestDelivery[];
}

/**
 * "Send a test message" for a rota: its people's mail and its group-chat webhooks get a message marked as a
 * test, through the same Mailer and WebhookSender as real alerts. It bypasses the alert budget on purpose: a
 * test is no incident, so it neither waits in a recipient's queue nor moves their next digest, and the
 * notifications log and alert volume count only real alerts. Each test is an audit entry, and that entry is
 * the rate limit: a rota is tested at most once per TEST_MESSAGE_INTERVAL_SEC, whichever process is asked.
 */
@Injectable()
export class RotaTestService {
  constructor(
    private readonly oncall: OnCallService,
    private readonly users: UserRepository,
    private readonly sites: SiteRepository,
    private readonly contracts: ContractRepository,
    private readonly mailer: Mailer,
    private readonly webhooks: WebhookSender,
    private readonly audit: AuditService,
    private readonly trail: AuditRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: ClockPort,
  ) {}

  async send(actor: Actor, rotaId: string, request: RotaTestRequest): Promise<RotaTestResult> {
    const rota = await this.oncall.rotaToChange(actor, rotaId);
    const at = this.clock.now();
    const channels = new Set(request.channels ?? TEST_CHANNELS);
    const userIds = channels.has('email') ? this.people(rota, request.userIds, at) : [];
    const hooks = channels.has('webhook') ? rota.webhooks : [];
    if (userIds.length === 0 && hooks.length === 0) throw new InputError('channels', 'nothing to send to: choose people of the rota or a rota with webhooks');
    await this.tx.run(async () => {
      // the append holds the audit chain's lock until commit, so a test of the same rota racing this one reads this entry
      const entry = await this.audit.record(actor, 'test-message', 'oncall-rota', rota.id, null, { channels: [...channels], userIds, webhooks: hooks.map((h) => h.url) });
      // a full interval after the last test, the next may go
      const since = new Date(at.getTime() - TEST_MESSAGE_INTERVAL_SEC * 1000 + 1);
      const recent = await this.trail.list({ entity: 'oncall-rota', entityId: rota.id, from: since }, { limit: 500 });
      const earlier = recent.items.find((e) => e.action === 'test-message' && e.id !== entry.id);
      if (earlier) {
        const wait = Math.max(1, Math.ceil((new Date(earlier.at).getTime() + TEST_MESSAGE_INTERVAL_SEC * 1000 - at.getTime()) / 1000));
        throw new TooManyAttemptsError(wait, `this rota was tested less than ${TEST_MESSAGE_INTERVAL_SEC} s ago; try again in ${wait} s`);
      }
    });
    const text = testMessageText(rota, actor.username, at, await this.zoneOf(rota));
    const deliveries = await Promise.all([...userIds.map((id) => this.mail(id, text)), ...hooks.map((h) => this.post(h.url, () => testWebhookBody(h.format, text, rota, at)))]);
    return { at, deliveries };
  }

  /** The people asked for, each of whom the rota must name; none asked: the one on call now. */
  private people(rota: OnCallRota, asked: string[] | undefined, at: Date): string[] {
    const named = new Set([...rota.members, ...rota.overrides.map((o) => o.userId), ...rota.supervisorIds, ...rota.managerIds]);
    const chosen = asked ?? [onCallAt(rota, at).primary].filter((id): id is string => id !== null);
    const stranger = chosen.find((id) => !named.has(id));
    if (stranger !== undefined) throw new InputError('userIds', `user ${stranger} is not on this rota`);
    return [...new Set(chosen)];
  }

  /** The zone the message's time is written in: the rota's contract's, else its first site's. */
  private async zoneOf(rota: OnCallRota): Promise<string | null> {
    if (rota.contractId) return (await this.contracts.findById(rota.contractId))?.timeZone ?? null;
    if (rota.siteIds?.length) return (await this.sites.findById(rota.siteIds[0]))?.timeZone ?? null;
    return null;
  }

  private async mail(userId: string, text: AlertText): Promise<TestDelivery> {
    const user = await this.users.findById(userId);
    const base = { channel: 'email' as const, userId, recipient: user?.email ?? user?.username ?? userId };
    if (!user || !user.active) return { ...base, status: 'skipped', detail: 'the user cannot sign in (deactivated)' };
    if (!user.email) return { ...base, status: 'skipped', detail: 'the user has no mail address' };
    if (!this.mailer.configured) return { ...base, status: 'skipped', detail: 'no mail server is configured (SMTP_URL)' };
    return { ...base, ...(await attempt(() => this.mailer.send({ to: user.email!, subject: text.title, text: text.lines.join('\n') }))) };
  }

  private async post(url: string, body: () => unknown): Promise<TestDelivery> {
    const outcome = await attempt(async () => {
      const status = await this.webhooks.post(url, body());
      if (status >= 300) throw new Error(`HTTP ${status}`);
    });
    return { channel: 'webhook', recipient: url, userId: null, ...outcome };
  }
}

async function attempt(send: () => Promise<void>): Promise<Pick<TestDelivery, 'status' | 'detail'>> {
  try {
    await send();
    return { status: 'sent', detail: null };
  } catch (err) {
    return { status: 'failed', detail: (err as Error).message.slice(0, 500) };
  }
}
