import type { DeviceStateSnapshot } from '../ports';
import { TrackedDevices } from './tracked-devices';

const t = (s: number) => new Date(Date.UTC(2026, 11, 1, 0, 0, s));
const camera = (over: Partial<DeviceStateSnapshot> = {}): DeviceStateSnapshot => ({
  id: 'CAM-1',
  type: 'camera',
  siteId: 's',
  parentId: null,
  heartbeatIntervalSec: 1,
  firmware: null,
  status: 'online',
  lastSeenAt: t(0),
  conditions: [],
  lastSeq: 1,
  lastDeviceTs: t(0),
  statusChangedAt: t(0),
  ...over,
});

describe(TrackedDevices.name, () => {
  it('should keep a device away on a loan off the watch, even when it is heard', () => {
    const devices = new TrackedDevices(2);
    devices.track(camera({ away: true }), t(0));
    devices.heard(devices.get('CAM-1')!, t(1));
    expect(devices.watched).toBe(0);
    expect(devices.overdue(t(60))).toEqual([]);
  });

  it('should take a device off the watch when it goes away and give it a full window from its return', () => {
    const devices = new TrackedDevices(2);
    devices.track(camera(), t(0));
    const known = devices.get('CAM-1')!;
    devices.update(known, camera({ away: true }), t(1));
    expect(devices.overdue(t(30))).toEqual([]);
    devices.update(known, camera({ away: false }), t(40));
    expect(devices.overdue(t(41))).toEqual([]);
    expect(devices.overdue(t(60)).map((d) => d.id)).toEqual(['CAM-1']);
  });
});
