import type { Fault } from '../faults/fault';
import type { FaultLevel } from '../sla/sla-policy';
import {
  ALERT_GATHER_MAX_MS,
  ALERT_GATHER_MS,
  digestText,
  digestWebhookBody,
  foldByFault,
  followUpTimes,
  isQuiet,
  nextSendAt,
  notBeforeFor,
  quietEndsAt,
  stepsReached,
  stillStanding,
  takeDue,
  type BudgetRules,
  type QueuedAlert,
} from './alert-budget';
import { alertText } from './alert-message';

const T0 = new Date('2026-11-22T02:00:00.000Z'); // 10:00 in Shanghai
const at = (ms: number) => new Date(T0.getTime() + ms);
const rules: BudgetRules = { digestMs: 60_000, quietHours: { from: '22:00', to: '07:00' }, timeZone: 'Asia/Shanghai' };
const queued = (over: Partial<QueuedAlert> = {}): QueuedAlert => ({
  faultId: 'f1',
  kind: 'alert',
  level: 3,
  reason: 'new fault',
  step: 0,
  queuedAt: T0,
  notBefore: at(ALERT_GATHER_MS),
  ...over,
});

/** The budget run over an injected clock: alerts offered at given instants, messages counted as the digest timer would send them. */
function simulate(offers: { at: Date; alert: QueuedAlert }[], until: Date): { at: Date; items: QueuedAlert[] }[] {
  const sent: { at: Date; items: QueuedAlert[] }[] = [];
  let waiting: QueuedAlert[] = [];
  let lastSentAt: Date | null = null;
  const pending = [...offers].sort((a, b) => a.at.getTime() - b.at.getTime());
  for (let now = T0.getTime(); now <= until.getTime(); now += 500) {
    while (pending.length > 0 && pending[0].at.getTime() <= now) waiting.push(pending.shift()!.alert);
    const next = nextSendAt(lastSentAt, waiting, rules);
    if (!next || next.getTime() > now) continue;
    const { due, later } = takeDue(waiting, new Date(now));
    waiting = later;
    if (due.length === 0) continue;
    sent.push({ at: new Date(now), items: foldByFault(due) });
    lastSentAt = new Date(now);
  }
  return sent;
}

describe('alert budget', () => {
  it('should send one message per incident: several alerts about one fault fold into its latest escalation', () => {
    const folded = foldByFault([
      queued({ step: 0, queuedAt: at(0) }),
      queued({ step: 1, reason: 'not acknowledged: escalated to backup', queuedAt: at(1000) }),
      queued({ step: 1, reason: 'still not acknowledged', queuedAt: at(2000) }),
      queued({ faultId: 'f2', level: 1, queuedAt: at(500) }),
    ]);
    expect(folded.map((f) => [f.faultId, f.step, f.reason])).toEqual([
      ['f2', 0, 'new fault'],
      ['f1', 1, 'still not acknowledged'],
    ]);
  });

  it("should keep an SLA note apart from the fault's own alert", () => {
    expect(foldByFault([queued(), queued({ kind: 'sla', reason: 'SLA respond breached', step: 2 })])).toHaveLength(2);
  });

  it('should make one digest of 20 faults arriving together, and nothing more within the interval', () => {
    const offers = Array.from({ length: 20 }, (_, i) => ({
      at: at(i * 100),
      alert: queued({ faultId: `f${i}`, queuedAt: at(i * 100), notBefore: at(i * 100 + ALERT_GATHER_MS) }),
    }));
    const sent = simulate(offers, at(5 * 60_000));
    expect(sent).toHaveLength(1);
    expect(sent[0].items).toHaveLength(20);
  });

  it('should hold a recipient to one message per interval, the rest summarised in the next', () => {
    // a fault every 2 s for 3 minutes: the simulator's flood
    const offers = Array.from({ length: 90 }, (_, i) => ({
      at: at(i * 2000),
      alert: queued({ faultId: `f${i}`, queuedAt: at(i * 2000), notBefore: at(i * 2000 + ALERT_GATHER_MS) }),
    }));
    const sent = simulate(offers, at(5 * 60_000));
    expect(sent.length).toBeLessThanOrEqual(4);
    for (let i = 1; i < sent.length; i += 1) expect(sent[i].at.getTime() - sent[i - 1].at.getTime()).toBeGreaterThanOrEqual(60_000);
    expect(sent.flatMap((s) => s.items.map((x) => x.faultId)).sort()).toEqual(offers.map((o) => o.alert.faultId).sort());
  });

  it('should page a whole estate going dark once: 15 site outages opening over 8 s are one message', () => {
    const offers = Array.from({ length: 15 }, (_, i) => ({
      at: at(i * 550),
      alert: queued({ faultId: `site${i}`, level: 1, queuedAt: at(i * 550), notBefore: at(i * 550 + ALERT_GATHER_MS) }),
    }));
    const sent = simulate(offers, at(5 * 60_000));
    expect(sent).toHaveLength(1);
    expect(sent[0].items).toHaveLength(15);
    // the gather ended two seconds after the last outage, well before the recipient's interval
    expect(sent[0].at.getTime()).toBeLessThanOrEqual(at(14 * 550 + ALERT_GATHER_MS + 500).getTime());
  });

  it("should not let a gather run on for ever: alerts every second still go out by the gather's limit", () => {
    const offers = Array.from({ length: 40 }, (_, i) => ({
      at: at(i * 1000),
      alert: queued({ faultId: `f${i}`, queuedAt: at(i * 1000), notBefore: at(i * 1000 + ALERT_GATHER_MS) }),
    }));
    const sent = simulate(offers, at(5 * 60_000));
    expect(sent[0].at.getTime()).toBeLessThanOrEqual(at(ALERT_GATHER_MAX_MS).getTime());
    expect(sent[0].items.length).toBeGreaterThanOrEqual(ALERT_GATHER_MAX_MS / 1000 - 1);
  });

  it('should hold level-1 faults to the interval too, first in the next digest: a storm of them must not flood the pager', () => {
    const first = { at: at(0), alert: queued({ faultId: 'cam', queuedAt: at(0), notBefore: at(ALERT_GATHER_MS) }) };
    const storm = Array.from({ length: 6 }, (_, i) => ({
      at: at(10_000 + i * 8_000),
      alert: queued({ faultId: `core${i}`, level: 1, queuedAt: at(10_000 + i * 8_000), notBefore: at(12_000 + i * 8_000) }),
    }));
    const sent = simulate([first, ...storm], at(3 * 60_000));
    expect(sent.map((s) => s.at.getTime() - T0.getTime())).toEqual([ALERT_GATHER_MS, ALERT_GATHER_MS + 60_000]);
    expect(sent[1].items.map((i) => i.faultId)).toEqual(storm.map((s) => s.alert.faultId));
  });

  it('should send the first alert of a quiet recipient after the gather, and the next no earlier than the interval after the last', () => {
    expect(nextSendAt(null, [queued()], rules)).toEqual(at(ALERT_GATHER_MS));
    expect(nextSendAt(at(0), [queued({ notBefore: at(3000) })], rules)).toEqual(at(60_000));
    expect(nextSendAt(at(0), [queued({ notBefore: at(90_000) })], rules)).toEqual(at(90_000));
    expect(nextSendAt(at(0), [], rules)).toBeNull();
  });

  it('should time escalations and repeats from the first alert actually sent, never from the opening', () => {
    const rota = { escalateAfterMinutes: [15, 30, 60] as [number, number, number], repeatEveryMinutes: 10 };
    const firstSent = at(90_000); // opened at T0, the group wait and the digest held the first alert 90 s
    const { steps, repeatAt } = followUpTimes(firstSent, rota);
    expect(steps).toEqual([
      { step: 1, at: at(90_000 + 15 * 60_000) },
      { step: 2, at: at(90_000 + 30 * 60_000) },
      { step: 3, at: at(90_000 + 60 * 60_000) },
    ]);
    expect(repeatAt).toEqual(at(90_000 + 10 * 60_000));
    expect(repeatAt.getTime()).toBeGreaterThan(firstSent.getTime());
    expect(stepsReached(firstSent, at(15 * 60_000), rota)).toBe(0);
    expect(stepsReached(firstSent, at(90_000 + 15 * 60_000), rota)).toBe(1);
  });

  it("should drop an acknowledged fault's waiting repeats on every channel, and keep its SLA notes", () => {
    const waiting = [queued({ reason: 'still not acknowledged' }), queued({ kind: 'sla', reason: 'SLA arrive breached' }), queued({ faultId: 'f2' })];
    expect(stillStanding(waiting, new Set(['f2'])).map((w) => [w.faultId, w.kind])).toEqual([
      ['f1', 'sla'],
      ['f2', 'alert'],
    ]);
  });

  describe('quiet hours', () => {
    const night = new Date('2026-11-22T15:30:00.000Z'); // 23:30 in Shanghai

    it("should hold levels 3–4 until the morning, in the contract's zone, and page levels 1–2 at once", () => {
      for (const level of [3, 4] as FaultLevel[]) {
        expect(isQuiet(level, night, rules)).toBe(true);
        expect(notBeforeFor(level, night, rules)).toEqual(new Date('2026-11-22T23:00:00.000Z')); // 07:00 on the 23rd
      }
      for (const level of [1, 2] as FaultLevel[]) {
        expect(isQuiet(level, night, rules)).toBe(false);
        expect(notBeforeFor(level, night, rules)).toEqual(new Date(night.getTime() + ALERT_GATHER_MS));
      }
    });

    it('should end at `to` and begin at `from`, across midnight or within a day', () => {
      expect(isQuiet(3, new Date('2026-11-22T22:59:59.000Z'), rules)).toBe(true); // 06:59:59
      expect(isQuiet(3, new Date('2026-11-22T23:00:00.000Z'), rules)).toBe(false); // 07:00
      expect(isQuiet(3, new Date('2026-11-22T13:59:00.000Z'), rules)).toBe(false); // 21:59
      expect(isQuiet(3, new Date('2026-11-22T14:00:00.000Z'), rules)).toBe(true); // 22:00
      const lunch = { ...rules, quietHours: { from: '12:00', to: '13:30' } };
      expect(isQuiet(4, new Date('2026-11-22T04:15:00.000Z'), lunch)).toBe(true);
      expect(quietEndsAt(new Date('2026-11-22T04:15:20.000Z'), lunch.quietHours, lunch.timeZone)).toEqual(new Date('2026-11-22T05:30:00.000Z'));
      expect(isQuiet(3, night, { ...rules, quietHours: null })).toBe(false);
    });

    it("should send the night's level-3 faults as one morning digest while a level-1 fault pages at once", () => {
      const offers = [
        ...[0, 60_000, 7200_000].map((d, i) => ({
          at: new Date(night.getTime() + d),
          alert: queued({ faultId: `n${i}`, notBefore: notBeforeFor(3, new Date(night.getTime() + d), rules) }),
        })),
        { at: new Date(night.getTime() + 600_000), alert: queued({ faultId: 'urgent', level: 1, notBefore: notBeforeFor(1, new Date(night.getTime() + 600_000), rules) }) },
      ];
      const sent = simulateFrom(night, offers, new Date('2026-11-22T23:10:00.000Z'));
      expect(sent.map((s) => s.items.map((i) => i.faultId))).toEqual([['urgent'], ['n0', 'n1', 'n2']]);
      expect(sent[1].at).toEqual(new Date('2026-11-22T23:00:00.000Z'));
    });
  });

  it('should word a digest with a line and a link per fault', () => {
    const fault = (id: string, deviceId: string, level: FaultLevel) =>
      ({ id, deviceId, siteId: 's', kind: 'offline', level, state: 'open', region: 'Qingdao', openedAt: T0, affectedCount: 0, description: null }) as unknown as Fault;
    const entries = ['SW-1', 'SW-2', 'CAM-3', 'CAM-4'].map((d, i) => {
      const f = { ...fault(`f${i}`, d, 1), affectedCount: i === 0 ? 28 : 0 };
      return { fault: f, reason: 'new fault', text: alertText(f, 'new fault', 'HQ', `http://vigil/#/faults/f${i}`) };
    });
    const text = digestText(entries);
    expect(text.title).toBe('[Vigil] 4 new faults: offline on SW-1, offline on SW-2, offline on CAM-3 and 1 more');
    expect(text.lines.filter((l) => l.startsWith('- '))).toHaveLength(4);
    expect(text.lines[0]).toMatch(/offline on SW-1 · .* · 28 devices affected$/);
    expect(text.lines.filter((l) => l.includes('devices affected'))).toHaveLength(1);
    expect(text.lines).toContain('  http://vigil/#/faults/f3');
    expect(digestWebhookBody('json', text, entries)).toMatchObject({ reason: 'digest', faults: [{ id: 'f0' }, { id: 'f1' }, { id: 'f2' }, { id: 'f3' }] });
    expect(digestWebhookBody('wecom', text, entries)).toMatchObject({ msgtype: 'markdown', markdown: { content: expect.stringContaining('4 new faults') } });
  });
});

/** `simulate` from another starting instant (the night). */
function simulateFrom(start: Date, offers: { at: Date; alert: QueuedAlert }[], until: Date) {
  const shift = start.getTime() - T0.getTime();
  const back = (d: Date) => new Date(d.getTime() - shift);
  const sent = simulate(
    offers.map((o) => ({ at: back(o.at), alert: { ...o.alert, notBefore: back(o.alert.notBefore) } })),
    back(until),
  );
  return sent.map((s) => ({ at: new Date(s.at.getTime() + shift), items: s.items }));
}
