import { heartbeatOf } from './heartbeat';

describe(heartbeatOf.name, () => {
  const at = new Date('2026-12-03T08:00:00.000Z');

  it('should write the contract heartbeat on the device topic', () => {
    const m = heartbeatOf({ deviceId: 'sw-1', at, health: { ports: [{ port: 1, up: true }] }, fw: 'V1' }, 'switch', 7);
    expect(m?.topic).toBe('vigil/v1/devices/sw-1/heartbeat');
    expect(JSON.parse(m!.payload)).toEqual({ ts: '2026-12-03T08:00:00.000Z', seq: 7, type: 'switch', fw: 'V1', health: { ports: [{ port: 1, up: true }] } });
  });

  it('should leave out an unknown firmware and refuse a payload over 16 KiB', () => {
    expect(JSON.parse(heartbeatOf({ deviceId: 'c', at, health: {} }, 'camera', 1)!.payload)).not.toHaveProperty('fw');
    expect(heartbeatOf({ deviceId: 'c', at, health: { x: 'y'.repeat(17_000) } }, 'camera', 1)).toBeNull();
  });
});
