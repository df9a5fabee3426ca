import { LivenessMonitor } from './liveness-monitor';

describe(LivenessMonitor.name, () => {
  it('should make a device overdue interval × missed after it was last heard, once', () => {
    const m = new LivenessMonitor(3);
    m.heard('cam', 10, 1_000);
    expect(m.deadlineOf('cam')).toBe(31_000);
    expect(m.expire(30_999)).toEqual([]);
    expect(m.expire(31_000)).toEqual(['cam']);
    expect(m.expire(60_000)).toEqual([]);
  });

  it('should push the deadline on every heartbeat', () => {
    const m = new LivenessMonitor(3);
    m.heard('dvr', 30, 0);
    m.heard('dvr', 30, 60_000);
    expect(m.expire(90_000)).toEqual([]);
    expect(m.expire(150_000)).toEqual(['dvr']);
  });

  it('should give every device one full window after a restart', () => {
    const m = new LivenessMonitor(3);
    m.resume('long-dead', 30, 1_000_000);
    expect(m.deadlineOf('long-dead')).toBe(1_090_000);
    expect(m.expire(1_089_999)).toEqual([]);
    expect(m.expire(1_090_000)).toEqual(['long-dead']);
  });

  it('should forget a device that is removed from the register', () => {
    const m = new LivenessMonitor(2);
    m.heard('sw', 5, 0);
    m.forget('sw');
    expect(m.size).toBe(0);
    expect(m.expire(1e9)).toEqual([]);
  });
});
