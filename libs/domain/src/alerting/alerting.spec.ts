import type { Fault } from '../faults/fault';
import { alertText, faultLink, webhookBody } from './alert-message';
import { checkWindowTimes, windowMutes, type MaintenanceWindow } from './maintenance-window';
import { onCallAt, recipientsOfStep, rotaCovers, type OnCallRota } from './oncall-rota';

const rota: OnCallRota = {
  id: 'r',
  name: 'Qingdao',
  contractId: null,
  siteIds: null,
  regions: ['Qingdao'],
  maxLevel: 3,
  cover: '7x24',
  members: ['a', 'b', 'c'],
  startsAt: '2026-11-02T00:00:00Z',
  shiftDays: 7,
  overrides: [{ from: '2026-11-20T00:00:00Z', to: '2026-11-21T00:00:00Z', userId: 'z' }],
  supervisorIds: ['sup'],
  managerIds: ['boss'],
  webhooks: [],
  escalateAfterMinutes: [15, 30, 60],
  repeatEveryMinutes: 10,
  createdAt: new Date(),
  updatedAt: new Date(),
};

describe(onCallAt.name, () => {
  it('should hand over weekly in member order, with the next in turn as backup', () => {
    expect(onCallAt(rota, new Date('2026-11-03T00:00:00Z'))).toEqual({ primary: 'a', backup: 'b' });
    expect(onCallAt(rota, new Date('2026-11-10T00:00:00Z'))).toEqual({ primary: 'b', backup: 'c' });
    expect(onCallAt(rota, new Date('2026-11-17T00:00:00Z'))).toEqual({ primary: 'c', backup: 'a' });
    expect(onCallAt(rota, new Date('2026-11-24T00:00:00Z'))).toEqual({ primary: 'a', backup: 'b' });
  });

  it('should let an override take the primary for its period', () => {
    expect(onCallAt(rota, new Date('2026-11-20T12:00:00Z'))).toEqual({ primary: 'z', backup: 'a' });
  });

  it('should name each escalation step', () => {
    const at = new Date('2026-11-03T00:00:00Z');
    expect([0, 1, 2, 3, 4].map((s) => recipientsOfStep(rota, s, at))).toEqual([['a'], ['b'], ['sup'], ['boss'], []]);
  });

  it('should cover faults by region and level', () => {
    expect(rotaCovers(rota, { siteId: 's', region: 'Qingdao', level: 2, contractId: 'c' })).toBe(true);
    expect(rotaCovers(rota, { siteId: 's', region: 'province', level: 2, contractId: 'c' })).toBe(false);
    expect(rotaCovers(rota, { siteId: 's', region: 'Qingdao', level: 4, contractId: 'c' })).toBe(false);
  });
});

describe(windowMutes.name, () => {
  const w: MaintenanceWindow = {
    id: 'w',
    name: 'UPS swap',
    startsAt: new Date('2026-11-22T01:00:00Z'),
    endsAt: new Date('2026-11-22T03:00:00Z'),
    siteIds: ['s1'],
    deviceIds: ['d9'],
    reason: null,
    createdBy: 'sup',
    createdAt: new Date(),
  };
  it('should mute its sites and devices during its period only', () => {
    const at = new Date('2026-11-22T02:00:00Z');
    expect(windowMutes(w, at, 's1', null)).toBe(true);
    expect(windowMutes(w, at, 's2', 'd9')).toBe(true);
    expect(windowMutes(w, at, 's2', 'd1')).toBe(false);
    expect(windowMutes(w, new Date('2026-11-22T03:00:00Z'), 's1', null)).toBe(false);
    expect(windowMutes({ ...w, siteIds: null, deviceIds: null }, at, 'any', null)).toBe(true);
  });
});

describe(checkWindowTimes.name, () => {
  const at = (iso: string) => new Date(iso);

  it('should accept a window of up to 31 days', () => {
    expect(checkWindowTimes(at('2026-01-01T00:00:00Z'), at('2026-02-01T00:00:00Z'))).toBeNull();
  });

  it('should refuse a longer window, an empty one and one ending before it starts, naming endsAt', () => {
    expect(checkWindowTimes(at('2026-01-01T00:00:00Z'), at('2026-02-01T00:00:01Z'))).toEqual({ field: 'endsAt', message: 'a window lasts at most 31 days' });
    expect(checkWindowTimes(at('2026-01-01T00:00:00Z'), at('2036-01-01T00:00:00Z'))?.field).toBe('endsAt');
    expect(checkWindowTimes(at('2026-01-01T00:00:00Z'), at('2026-01-01T00:00:00Z'))).toEqual({ field: 'endsAt', message: 'must be after startsAt' });
    expect(checkWindowTimes(at('2026-01-02T00:00:00Z'), at('2026-01-01T00:00:00Z'))?.field).toBe('endsAt');
  });

  it('should name the field that is not a date', () => {
    expect(checkWindowTimes(at('nonsense'), at('2026-01-01T00:00:00Z'))?.field).toBe('startsAt');
    expect(checkWindowTimes(at('2026-01-01T00:00:00Z'), at('nonsense'))?.field).toBe('endsAt');
  });
});

describe(webhookBody.name, () => {
  const fault = {
    id: 'f',
    deviceId: 'SW-1',
    siteId: 's',
    kind: 'offline',
    level: 1,
    state: 'open',
    region: 'Qingdao',
    openedAt: new Date('2026-11-22T02:00:00Z'),
    affectedCount: 12,
    description: null,
  } as Fault;
  const text = alertText(fault, 'new fault', '青岛局监控分中心', 'http://vigil/#/faults/f');

  it('should speak the WeCom and DingTalk robot formats and plain JSON', () => {
    expect(webhookBody('wecom', text, fault, 'new fault')).toEqual({ msgtype: 'markdown', markdown: { content: expect.stringContaining('devices affected behind it: 12') } });
    expect(webhookBody('dingtalk', text, fault, 'new fault')).toMatchObject({
      msgtype: 'markdown',
      markdown: { title: '[Vigil] new fault: offline on SW-1', text: expect.stringContaining('青岛局监控分中心') },
    });
    expect(webhookBody('json', text, fault, 'new fault')).toMatchObject({ reason: 'new fault', fault: { id: 'f', level: 1, affectedCount: 12 } });
  });
});

describe(alertText.name, () => {
  const fault = {
    id: 'f',
    deviceId: 'SW-1',
    siteId: 's',
    kind: 'offline',
    level: 1,
    state: 'open',
    region: 'Qingdao',
    openedAt: new Date('2026-12-31T16:00:00Z'),
    affectedCount: 0,
    description: null,
  } as Fault;

  it("should say when the fault opened in the site's zone, naming it, and end with the link to the fault", () => {
    const text = alertText(fault, 'new fault', '青岛局监控分中心', faultLink('https://vigil.example/', 'f'), 'Asia/Shanghai');
    expect(text.lines).toContain('state: open; opened 2027-01-01 00:00 (Asia/Shanghai)');
    expect(text.lines.at(-1)).toBe('https://vigil.example/#/faults/f');
    expect(text.lines.join('\n')).not.toContain('2026-12-31');
  });

  it('should give no link without a public address', () => {
    expect(faultLink(null, 'f')).toBeNull();
    expect(alertText(fault, 'new fault', 'x', null).lines.some((l) => l.includes('#/faults/'))).toBe(false);
  });
});
