import { describe, expect, it } from 'vitest';
import { blankRota, checkRota, deliveryDetailKey, draftOfRota, handovers, moveMember, rotaBody, rotaPeople, rotaZone, type RotaDraft } from './rota-form';
import type { ContractRow, RotaRow, SiteRow } from './types';

const ZONE = 'Asia/Shanghai';
const NOW = new Date('2026-12-02T02:00:00Z'); // 10:00 in Shanghai

function draft(over: Partial<RotaDraft> = {}): RotaDraft {
  return { ...blankRota(NOW, ZONE), name: 'Qingdao', members: ['ann', 'bob'], ...over };
}

describe('rota form', () => {
  it("should start a new rota's shifts at 09:00 local today, weekly, with the default escalation", () => {
    expect(blankRota(NOW, ZONE)).toMatchObject({
      startsAt: '2026-12-02 09:00',
      shiftDays: 7,
      escalateAfterMinutes: [15, 30, 60],
      repeatEveryMinutes: 10,
      maxLevel: 4,
      cover: '7x24',
    });
  });

  it('should send wall times as instants of the zone, and empty site and region lists as "all"', () => {
    const body = rotaBody(
      draft({ overrides: [{ from: '2026-12-24 18:00', to: '2026-12-26 09:00', userId: 'eve' }], webhooks: [{ url: ' https://qyapi.example/send ', format: 'wecom' }] }),
      ZONE,
    );
    expect(body).toMatchObject({
      name: 'Qingdao',
      siteIds: null,
      regions: null,
      startsAt: '2026-12-02T01:00:00.000Z',
      overrides: [{ from: '2026-12-24T10:00:00.000Z', to: '2026-12-26T01:00:00.000Z', userId: 'eve' }],
      webhooks: [{ url: 'https://qyapi.example/send', format: 'wecom' }],
    });
    expect(body).not.toHaveProperty('contractId');
    expect(rotaBody(draft({ contractId: 'c1', siteIds: ['s1'], regions: ['Qingdao'] }), ZONE)).toMatchObject({ contractId: 'c1', siteIds: ['s1'], regions: ['Qingdao'] });
  });

  it('should read a stored rota back into the same wall times', () => {
    const stored: RotaRow = { ...rotaBody(draft({ siteIds: ['s1'] }), ZONE), id: 'r1', contractId: null, createdAt: '', updatedAt: '' };
    expect(draftOfRota(stored, ZONE)).toEqual(draft({ siteIds: ['s1'] }));
  });

  it('should name each problem by its field, as the server would', () => {
    const problems = checkRota(
      draft({
        name: ' ',
        members: [],
        startsAt: '2026-13-01 09:00',
        shiftDays: 0,
        overrides: [{ from: '2026-12-26 09:00', to: '2026-12-24 09:00', userId: '' }],
        webhooks: [{ url: 'qyapi.example/send', format: 'wecom' }],
        escalateAfterMinutes: [15, 15, 60],
        repeatEveryMinutes: 0,
      }),
      ZONE,
    );
    expect(problems.map((p) => `${p.field} ${p.key.split('.').pop()}`)).toEqual([
      'name name',
      'members members',
      'startsAt time',
      'shiftDays shiftDays',
      'overrides.0 overrideOrder',
      'overrides.0 overrideWho',
      'webhooks.0 url',
      'escalateAfterMinutes rising',
      'repeatEveryMinutes repeat',
    ]);
    expect(checkRota(draft(), ZONE)).toEqual([]);
    expect(checkRota(draft({ members: ['ann', 'ann'] }), ZONE).map((p) => p.key)).toEqual(['people.rotas.problem.membersTwice']);
  });

  it('should read and write times in the contract zone, else the first known site zone, else the default', () => {
    const sites = new Map<string, SiteRow>([['s1', { id: 's1', timeZone: 'Asia/Urumqi' } as SiteRow]]);
    const contracts = new Map<string, ContractRow>([['c1', { id: 'c1', timeZone: 'Asia/Hong_Kong' } as ContractRow]]);
    expect(rotaZone({ contractId: 'c1', siteIds: ['s1'] }, sites, contracts)).toBe('Asia/Hong_Kong');
    expect(rotaZone({ contractId: null, siteIds: ['gone', 's1'] }, sites, contracts)).toBe('Asia/Urumqi');
    expect(rotaZone({ contractId: null, siteIds: null }, sites, contracts)).toBe('Asia/Shanghai');
  });

  it('should show the coming handovers as the server computes them, an override standing in for the primary', () => {
    const d = draft({
      members: ['ann', 'bob', 'cid'],
      shiftDays: 1,
      startsAt: '2026-12-01 09:00',
      overrides: [{ from: '2026-12-03 09:00', to: '2026-12-04 09:00', userId: 'eve' }],
    });
    expect(handovers(d, ZONE, NOW, 3).map((h) => [h.at.toISOString(), h.primary, h.backup])).toEqual([
      ['2026-12-02T02:00:00.000Z', 'bob', 'cid'],
      ['2026-12-03T01:00:00.000Z', 'eve', 'ann'],
      ['2026-12-04T01:00:00.000Z', 'ann', 'bob'],
    ]);
    expect(handovers(draft({ members: [] }), ZONE, NOW, 3)).toEqual([]);
  });

  it('should move members in the turn order and list everyone the rota names once', () => {
    expect(moveMember(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveMember(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(rotaPeople({ members: ['a', 'b'], overrides: [{ from: '', to: '', userId: 'e' }], supervisorIds: ['s', 'a'], managerIds: ['m'] })).toEqual(['a', 'b', 'e', 's', 'm']);
  });

  it("should know the server's reasons a test message was not sent, and keep any other in its words", () => {
    expect(deliveryDetailKey('the user has no mail address')).toBe('people.rotas.detail.noMail');
    expect(deliveryDetailKey('no mail server is configured (SMTP_URL)')).toBe('people.rotas.detail.noMailServer');
    expect(deliveryDetailKey('the user cannot sign in (deactivated)')).toBe('people.rotas.detail.deactivated');
    expect(deliveryDetailKey('HTTP 500')).toBeNull();
    expect(deliveryDetailKey(null)).toBeNull();
  });
});
