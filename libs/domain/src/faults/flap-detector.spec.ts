import { FlapDetector } from './flap-detector';

describe(FlapDetector.name, () => {
  const min = (m: number) => new Date(Date.UTC(2026, 10, 22, 10, m));

  it('should call more than three changes in ten minutes flapping, and forget changes that leave the window', () => {
    const flaps = new FlapDetector(3, 10 * 60_000);
    expect([0, 1, 2].map((m) => flaps.record('sw', min(m)))).toEqual([false, false, false]);
    expect(flaps.record('sw', min(3))).toBe(true);
    expect(flaps.record('other', min(3))).toBe(false);
    expect(flaps.record('sw', min(20))).toBe(false);
  });

  it('should settle once a whole window passed without a change', () => {
    const flaps = new FlapDetector(3, 10 * 60_000);
    flaps.record('sw', min(0));
    expect(flaps.settle('sw', min(5))).toBe(false);
    expect(flaps.lastChange('sw')).toEqual(min(0));
    expect(flaps.settle('sw', min(10))).toBe(true);
    expect(flaps.lastChange('sw')).toBeNull();
  });
});
