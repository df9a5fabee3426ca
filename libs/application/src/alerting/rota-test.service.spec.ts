import { TEST_MESSAGE_INTERVAL_SEC, type Actor, type Contract, type OnCallRota, type Site, type User } from '@vigil/domain';
import { strictFake } from '../../../../test/support/strict-fake';
import { AuditService } from '../audit/audit.service';
import { InputError, NotFoundError, TooManyAttemptsError } from '../errors';
import type { ContractRepository, MailMessage, Mailer, SiteRepository, TransactionRunner, UserRepository, WebhookSender } from '../ports';
import { makeRota } from '../testing/alerting-fakes';
import { FakeClock } from '../testing/fake-time';
import { InMemoryAuditRepository } from '../testing/in-memory-audit.repository';
import type { OnCallService } from './oncall.service';
import { RotaTestService } from './rota-test.service';

const sup: Actor = { userId: 'sup', username: 'sup', role: 'supervisor', scope: null };

function person(id: string, overrides: Partial<User> = {}): User {
  const at = new Date(0);
  return {
    id,
    username: id,
    displayName: null,
    email: `${id}@example.test`,
    role: 'engineer',
    passwordHash: 'x',
    tokenVersion: 0,
    active: true,
    scope: null,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

describe(RotaTestService.name, () => {
  let clock: FakeClock;
  let trail: InMemoryAuditRepository;
  let mails: MailMessage[];
  let posts: { url: string; body: any }[];
  let hookStatus: number;
  let mailConfigured: boolean;
  let rota: OnCallRota;
  let people: User[];
  let refuse: boolean;
  let service: RotaTestService;

  /** A transaction over the in-memory trail: what the work appended is gone when it throws, as in the database. */
  const rollingBack = () =>
    strictFake<TransactionRunner>('tx', {
      run: async <T>(work: () => Promise<T>) => {
        const [entries, signed] = [[...trail.entries], trail.signed];
        try {
          return await work();
        } catch (err) {
          [trail.entries, trail.signed] = [entries, signed];
          throw err;
        }
      },
    });

  beforeEach(() => {
    // 2026-12-02: bob is on call on the rota's daily shifts, ann his backup (makeRota)
    clock = new FakeClock('2026-12-02T02:00:00Z');
    trail = new InMemoryAuditRepository(() => 'k'.repeat(64));
    mails = [];
    posts = [];
    hookStatus = 200;
    mailConfigured = true;
    refuse = false;
    rota = makeRota({
      siteIds: ['S1'],
      webhooks: [
        { format: 'wecom', url: 'https://chat.example/wecom' },
        { format: 'json', url: 'https://chat.example/json' },
      ],
    });
    people = [person('ann'), person('bob'), person('sue', { email: null }), person('max', { active: false })];
    const oncall = strictFake<OnCallService>('oncall', {
      rotaToChange: async (_actor: Actor, id: string) => {
        if (refuse || id !== rota.id) throw new NotFoundError('rota', id);
        return rota;
      },
    });
    service = new RotaTestService(
      oncall,
      strictFake<UserRepository>('users', { findById: async (id: string) => people.find((u) => u.id === id) ?? null }),
      strictFake<SiteRepository>('sites', { findById: async (id: string) => ({ id, timeZone: 'Asia/Shanghai' }) as Site }),
      strictFake<ContractRepository>('contracts', { findById: async (id: string) => ({ id, timeZone: 'Asia/Urumqi' }) as Contract }),
      strictFake<Mailer>('mailer', {
        get configured() {
          return mailConfigured;
        },
        send: async (m: MailMessage) => void mails.push(m),
      }),
      strictFake<WebhookSender>('webhooks', {
        post: async (url: string, body: unknown) => {
          posts.push({ url, body });
          return hookStatus;
        },
      }),
      new AuditService(trail, clock),
      trail,
      rollingBack(),
      clock,
    );
  });

  it("should mail whoever is on call now and post to each of the rota's webhooks, marked as a test, with the time in the rota's site's zone", async () => {
    const result = await service.send(sup, 'R1', {});

    expect(result.deliveries).toEqual([
      { channel: 'email', recipient: 'bob@example.test', userId: 'bob', status: 'sent', detail: null },
      { channel: 'webhook', recipient: 'https://chat.example/wecom', userId: null, status: 'sent', detail: null },
      { channel: 'webhook', recipient: 'https://chat.example/json', userId: null, status: 'sent', detail: null },
    ]);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: 'bob@example.test', subject: '[Vigil] 测试消息 Test message: North' });
    expect(mails[0].text).toContain('there is no fault');
    expect(mails[0].text).toContain('2026-12-02 10:00 (Asia/Shanghai)');
    expect(posts[0].body).toMatchObject({ msgtype: 'markdown' });
    expect(posts[0].body.markdown.content).toContain('测试消息');
    expect(posts[1].body).toMatchObject({ test: true, reason: 'test', rota: { id: 'R1', name: 'North' } });
    expect(trail.entries.map((e) => [e.actor, e.action, e.entity, e.entityId])).toEqual([['sup', 'test-message', 'oncall-rota', 'R1']]);
    expect(trail.entries[0].after).toMatchObject({ userIds: ['bob'], webhooks: ['https://chat.example/wecom', 'https://chat.example/json'] });
  });

  it('should write the time in the zone of the contract of a rota that has one', async () => {
    rota = { ...rota, contractId: 'C1' };
    await service.send(sup, 'R1', { channels: ['email'] });
    expect(mails[0].text).toContain('2026-12-02 08:00 (Asia/Urumqi)');
  });

  it('should tell which people could not be reached and why, and which webhook failed, sending the rest', async () => {
    hookStatus = 500;
    const result = await service.send(sup, 'R1', { userIds: ['ann', 'sue', 'max'], channels: ['email', 'webhook'] });

    expect(result.deliveries.map((d) => [d.recipient, d.status, d.detail])).toEqual([
      ['ann@example.test', 'sent', null],
      ['sue', 'skipped', 'the user has no mail address'],
      ['max@example.test', 'skipped', 'the user cannot sign in (deactivated)'],
      ['https://chat.example/wecom', 'failed', 'HTTP 500'],
      ['https://chat.example/json', 'failed', 'HTTP 500'],
    ]);
    expect(mails.map((m) => m.to)).toEqual(['ann@example.test']);
  });

  it('should skip mail when no mail server is configured, and send to the chosen channels only', async () => {
    mailConfigured = false;
    const mailOnly = await service.send(sup, 'R1', { channels: ['email'] });
    expect(mailOnly.deliveries).toEqual([{ channel: 'email', recipient: 'bob@example.test', userId: 'bob', status: 'skipped', detail: 'no mail server is configured (SMTP_URL)' }]);
    expect(posts).toEqual([]);

    await clock.advance(TEST_MESSAGE_INTERVAL_SEC * 1000);
    const hooksOnly = await service.send(sup, 'R1', { channels: ['webhook'], userIds: ['ann'] });
    expect(hooksOnly.deliveries.map((d) => d.channel)).toEqual(['webhook', 'webhook']);
    expect(mails).toEqual([]);
  });

  it('should refuse people the rota does not name, and a test that reaches nobody, naming the field; nothing sent or audited', async () => {
    await expect(service.send(sup, 'R1', { userIds: ['bob', 'eve'] })).rejects.toEqual(new InputError('userIds', 'user eve is not on this rota'));
    rota = { ...rota, webhooks: [] };
    await expect(service.send(sup, 'R1', { channels: ['webhook'] })).rejects.toMatchObject({ field: 'channels' });
    await expect(service.send(sup, 'R1', { userIds: [], channels: ['email'] })).rejects.toMatchObject({ field: 'channels' });
    expect(mails).toEqual([]);
    expect(posts).toEqual([]);
    expect(trail.entries).toEqual([]);
  });

  it('should check access before anything else: a rota the actor may not change is 404 with nothing sent or audited', async () => {
    refuse = true;
    await expect(service.send(sup, 'R1', {})).rejects.toBeInstanceOf(NotFoundError);
    expect(mails).toEqual([]);
    expect(posts).toEqual([]);
    expect(trail.entries).toEqual([]);
  });

  it(`should test a rota at most once in ${TEST_MESSAGE_INTERVAL_SEC} s, saying how long to wait, and leave the refused test out of the trail`, async () => {
    await service.send(sup, 'R1', {});
    await clock.advance(10_000);
    const refused = await service.send(sup, 'R1', {}).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(TooManyAttemptsError);
    expect((refused as TooManyAttemptsError).retryAfterSec).toBe(TEST_MESSAGE_INTERVAL_SEC - 10);
    expect(mails).toHaveLength(1);
    expect(posts).toHaveLength(2);
    expect(trail.entries.filter((e) => e.action === 'test-message')).toHaveLength(1);

    await clock.advance((TEST_MESSAGE_INTERVAL_SEC - 10) * 1000);
    await service.send(sup, 'R1', {});
    expect(mails).toHaveLength(2);
    expect(trail.entries.filter((e) => e.action === 'test-message')).toHaveLength(2);
  });
});
