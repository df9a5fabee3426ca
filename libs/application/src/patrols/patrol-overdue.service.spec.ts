import type { Patrol, User } from '@vigil/domain';
import { makeUnitSite } from '../../../../test/support/fake-access';
import { strictFake } from '../../../../test/support/strict-fake';
import type { MailMessage, Mailer, PatrolRepository, SiteRepository, UserRepository } from '../ports';
import { FakeClock } from '../testing';
import { PatrolOverdueService } from './patrol-overdue.service';

const NOW = '2026-12-02T02:00:00Z';
const AT = new Date('2026-01-01T00:00:00Z');
const makePatrol = (id: string, siteId: string): Patrol => ({
  id,
  planId: 'plan',
  siteId,
  contractId: null,
  kind: 'monthly',
  templateId: 'monthly',
  templateVersion: 1,
  period: '2026-11',
  periodStart: new Date('2026-10-31T16:00:00Z'),
  periodEnd: new Date('2026-11-30T16:00:00Z'),
  dueAt: new Date('2026-11-30T16:00:00Z'),
  state: 'due',
  generatedLate: false,
  assigneeId: null,
  startedAt: null,
  submittedAt: null,
  results: [],
  signoff: null,
  createdAt: AT,
  updatedAt: AT,
});
const supervisor = (id: string, over: Partial<User> = {}): User => ({
  id,
  username: id,
  displayName: null,
  email: `${id}@example.test`,
  role: 'supervisor',
  passwordHash: 'x',
  tokenVersion: 0,
  active: true,
  scope: null,
  createdAt: AT,
  updatedAt: AT,
  ...over,
});
const SITES = [makeUnitSite('sA', 'cust-a', { name: '城阳站 Chengyang' }), makeUnitSite('sB', 'cust-b', { timeZone: 'Asia/Urumqi' })];

function setup(opts: { overdue: Patrol[]; claimedElsewhere?: string[]; users?: User[]; smtp?: boolean; failFor?: string }) {
  const sent: MailMessage[] = [];
  const claims: { id: string; at: string }[] = [];
  const clock = new FakeClock(NOW);
  const users = opts.users ?? [supervisor('boss')];
  const service = new PatrolOverdueService(
    strictFake<PatrolRepository>('patrols', {
      overdueUnnotified: async (now: Date) => opts.overdue.filter((p) => p.dueAt < now),
      claimOverdueNotice: async (id: string, at: Date) => {
        claims.push({ id, at: at.toISOString() });
        return !(opts.claimedElsewhere ?? []).includes(id);
      },
    }),
    strictFake<UserRepository>('users', { list: async (filter: { role?: string }) => ({ items: users.filter((u) => u.role === filter.role), total: users.length }) }),
    strictFake<SiteRepository>('sites', { listAll: async () => SITES }),
    strictFake<Mailer>('mailer', {
      configured: opts.smtp ?? true,
      ...(opts.smtp === false
        ? {}
        : {
            send: async (m: MailMessage) => {
              if (m.to === opts.failFor) throw new Error('mailbox full');
              sent.push(m);
            },
          }),
    }),
    clock,
  );
  return { service, sent, claims };
}

describe(PatrolOverdueService.name, () => {
  it('should mail each active supervisor with an address one digest of the patrols it claimed, due times local with the zone named', async () => {
    const users = [supervisor('boss'), supervisor('gone', { active: false }), supervisor('no-mail', { email: null }), { ...supervisor('op'), role: 'operator' as const }];
    const { service, sent, claims } = setup({ overdue: [makePatrol('p1', 'sA'), makePatrol('p2', 'sB'), makePatrol('p3', 'sA')], claimedElsewhere: ['p3'], users });
    await expect(service.notify()).resolves.toBe(2);
    expect(claims).toEqual([
      { id: 'p1', at: '2026-12-02T02:00:00.000Z' },
      { id: 'p2', at: '2026-12-02T02:00:00.000Z' },
      { id: 'p3', at: '2026-12-02T02:00:00.000Z' },
    ]);
    expect(sent).toEqual([
      {
        to: 'boss@example.test',
        subject: '[Vigil] 巡检逾期 2 patrol(s) overdue',
        text: 'monthly 2026-11 at 城阳站 Chengyang: due 2026-12-01 00:00 (Asia/Shanghai), due (p1)\nmonthly 2026-11 at Site sB: due 2026-11-30 22:00 (Asia/Urumqi), due (p2)',
      },
    ]);
  });

  it('should tell a scoped supervisor only of the patrols at sites in their scope', async () => {
    const users = [
      supervisor('of-a', { scope: { customerIds: ['cust-a'], siteIds: [] } }),
      supervisor('of-b', { scope: { customerIds: ['cust-b'], siteIds: [] } }),
      supervisor('of-c', { scope: { customerIds: ['cust-c'], siteIds: [] } }),
    ];
    const { service, sent } = setup({ overdue: [makePatrol('p1', 'sA'), makePatrol('p2', 'sB')], users });
    await expect(service.notify()).resolves.toBe(2);
    expect(sent.map((m) => [m.to, m.subject, m.text.split('\n').map((l) => l.slice(-4))])).toEqual([
      ['of-a@example.test', '[Vigil] 巡检逾期 1 patrol(s) overdue', ['(p1)']],
      ['of-b@example.test', '[Vigil] 巡检逾期 1 patrol(s) overdue', ['(p2)']],
    ]);
  });

  it('should send nothing and answer 0 when nothing is overdue or another scheduler claimed it all', async () => {
    await expect(setup({ overdue: [] }).service.notify()).resolves.toBe(0);
    const { service, sent } = setup({ overdue: [makePatrol('p1', 'sA')], claimedElsewhere: ['p1'], users: [] });
    await expect(service.notify()).resolves.toBe(0);
    expect(sent).toEqual([]);
  });

  it('should still claim and count without SMTP, and go on past a mailbox that refuses', async () => {
    await expect(setup({ overdue: [makePatrol('p1', 'sA')], smtp: false }).service.notify()).resolves.toBe(1);
    const { service, sent } = setup({ overdue: [makePatrol('p1', 'sA')], users: [supervisor('full'), supervisor('boss')], failFor: 'full@example.test' });
    await expect(service.notify()).resolves.toBe(1);
    expect(sent.map((m) => m.to)).toEqual(['boss@example.test']);
  });
});
