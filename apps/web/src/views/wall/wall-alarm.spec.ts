import { describe, expect, it } from 'vitest';
import type { FaultEventPayload } from '@vigil/domain/dashboard/socket-events';
import { Beeper, SeenLevelOne } from './wall-alarm';

const fault = (id: string, level: FaultEventPayload['level'] = 1, over: Partial<FaultEventPayload> = {}): FaultEventPayload => ({
  id,
  deviceId: `DEV-${id}`,
  siteId: 'S1',
  kind: 'offline',
  level,
  state: 'open',
  openedAt: '2026-12-02T10:00:00Z',
  affectedCount: 1,
  parentFaultId: null,
  assigneeId: null,
  ...over,
});

describe(SeenLevelOne.name, () => {
  it('should sound for a level-1 fault once, not again when it is updated', () => {
    const seen = new SeenLevelOne();
    expect(seen.arrivals([{ type: 'opened', fault: fault('a') }]).map((f) => f.id)).toEqual(['a']);
    expect(seen.arrivals([{ type: 'updated', fault: fault('a', 1, { state: 'acknowledged' }) }])).toEqual([]);
  });

  it('should ignore lesser levels, children of an incident, cleared and closed faults, and sound for one raised to level 1', () => {
    const seen = new SeenLevelOne();
    expect(
      seen.arrivals([
        { type: 'opened', fault: fault('b', 2) },
        { type: 'opened', fault: fault('c', 1, { parentFaultId: 'p' }) },
        { type: 'cleared', fault: fault('d') },
        { type: 'updated', fault: fault('e', 1, { state: 'closed' }) },
      ]),
    ).toEqual([]);
    expect(seen.arrivals([{ type: 'updated', fault: fault('b', 1) }]).map((f) => f.id)).toEqual(['b']);
  });

  it('should take the first snapshot as known, and sound for level-1 faults a later snapshot brings (opened while away)', () => {
    const seen = new SeenLevelOne();
    expect(seen.snapshot([fault('old'), fault('x', 3)])).toEqual([]);
    expect(seen.arrivals([{ type: 'updated', fault: fault('old') }])).toEqual([]);
    expect(seen.snapshot([fault('old'), fault('new')]).map((f) => f.id)).toEqual(['new']);
    expect(seen.snapshot([fault('old'), fault('new')])).toEqual([]);
  });

  it('should keep a bounded memory, forgetting the oldest first', () => {
    const seen = new SeenLevelOne(3);
    seen.arrivals(['a', 'b', 'c', 'd'].map((id) => ({ type: 'opened' as const, fault: fault(id) })));
    expect(seen.arrivals([{ type: 'opened', fault: fault('d') }])).toEqual([]);
    expect(seen.arrivals([{ type: 'opened', fault: fault('a') }]).map((f) => f.id)).toEqual(['a']);
  });
});

describe(Beeper.name, () => {
  /** A stand-in for the browser's AudioContext that records the tones asked for. */
  /** The browser resumes audio only after a person has touched the page (`touched`). */
  function fakeContext(state: AudioContextState) {
    const tones: number[] = [];
    const page = { touched: false };
    const param = () => ({ value: 0, setValueAtTime: () => undefined, exponentialRampToValueAtTime: () => undefined });
    const ctx = {
      state,
      currentTime: 0,
      destination: {},
      resume: async () => {
        if (page.touched) ctx.state = 'running';
      },
      createGain: () => ({ gain: param(), connect: (n: unknown) => n }),
      createOscillator: () => {
        const osc = { type: '', frequency: param(), connect: (n: unknown) => n, start: () => tones.push(osc.frequency.value), stop: () => undefined };
        return osc;
      },
    };
    return { ctx, tones, page };
  }

  it('should make its audio context only when asked to prepare or unlock, never when beeping', () => {
    let made = 0;
    const beeper = new Beeper(() => {
      made += 1;
      return fakeContext('running').ctx as unknown as AudioContext;
    });
    expect(beeper.beep()).toBe(false);
    expect(made).toBe(0);
    beeper.prepare();
    beeper.prepare();
    expect(made).toBe(1);
    expect(beeper.beep()).toBe(true);
  });

  it('should play three tones once the page has been touched, and say it was blocked before', async () => {
    const { ctx, tones, page } = fakeContext('suspended');
    const beeper = new Beeper(() => ctx as unknown as AudioContext);
    expect(beeper.blocked).toBe(true);
    beeper.prepare();
    expect(beeper.blocked).toBe(true);
    expect(beeper.beep()).toBe(false);
    page.touched = true;
    beeper.unlock();
    await Promise.resolve();
    expect(beeper.blocked).toBe(false);
    expect(beeper.beep()).toBe(true);
    expect(tones).toEqual([880, 988, 1175]);
  });

  it('should stay silent without WebAudio', () => {
    const beeper = new Beeper(() => null);
    expect(beeper.beep()).toBe(false);
    expect(beeper.blocked).toBe(true);
  });
});
