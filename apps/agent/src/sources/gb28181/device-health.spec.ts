import { alarmCondition } from './alarm-condition';
import { GbDeviceHealth } from './device-health';
import { equipmentTypeOf } from './gb-id';

const CH1 = '34020000001310000001';
const CH2 = '34020000001310000002';
const MIN = 60_000;

describe(GbDeviceHealth.name, () => {
  it('should report a recorder without disks or channels until something is known', () => {
    expect(new GbDeviceHealth('nvr', 10 * MIN).health(0)).toEqual({ disks: [] });
  });

  it('should number a recorder video channels by id and leave out other catalog items', () => {
    const h = new GbDeviceHealth('dvr', 10 * MIN);
    h.mergeCatalog([
      { deviceId: CH2, name: null, online: false },
      { deviceId: '34020000001340000001', name: null, online: true },
    ]);
    h.mergeCatalog([{ deviceId: CH1, name: null, online: true }]);
    expect(h.health(0).channels).toEqual([
      { ch: 1, videoLoss: false },
      { ch: 2, videoLoss: true },
    ]);
  });

  it('should hold an alarm for its time, renewed by a repeat, and drop it after', () => {
    const h = new GbDeviceHealth('nvr', 10 * MIN);
    h.mergeCatalog([{ deviceId: CH1, name: null, online: true }]);
    expect(h.raiseAlarm(CH1, 2, 1, 0)).toBe(true);
    expect(h.raiseAlarm(CH1, 2, 1, 5 * MIN)).toBe(true);
    expect(h.health(14 * MIN).channels).toEqual([{ ch: 1, videoLoss: true }]);
    expect(h.health(15 * MIN).channels).toEqual([{ ch: 1, videoLoss: false }]);
  });

  it('should report disk alarms as one disk, failure before full, and clear them on unregister', () => {
    const h = new GbDeviceHealth('nvr', 10 * MIN);
    h.raiseAlarm('34020000001180000001', 2, 3, 0);
    expect(h.health(0).disks).toEqual([{ id: '1', state: 'warning' }]);
    h.raiseAlarm('34020000001180000001', 6, 1, 0);
    expect(h.health(0).disks).toEqual([{ id: '1', state: 'failed' }]);
    h.clearAlarms();
    expect(h.health(0).disks).toEqual([]);
  });

  it('should report a camera video lost on a video-loss alarm or an offline channel, and tamper', () => {
    const h = new GbDeviceHealth('camera', 10 * MIN);
    expect(h.health(0)).toEqual({ video: 'ok', tamper: false });
    h.raiseAlarm('34020000001320000001', 5, 11, 0);
    expect(h.health(0)).toEqual({ video: 'ok', tamper: true });
    h.raiseAlarm('34020000001320000001', 2, 1, 0);
    expect(h.health(0)).toEqual({ video: 'lost', tamper: true });
    const off = new GbDeviceHealth('camera', 10 * MIN);
    off.mergeCatalog([{ deviceId: '34020000001320000001', name: null, online: false }]);
    expect(off.health(0).video).toBe('lost');
  });

  it('should refuse alarms no health field speaks for', () => {
    expect(new GbDeviceHealth('nvr', MIN).raiseAlarm(CH1, 2, 4, 0)).toBe(false);
  });
});

describe(alarmCondition.name, () => {
  it.each([
    [2, 1, 'video-loss'],
    [2, 2, 'tamper'],
    [2, 3, 'disk-full'],
    [5, 11, 'tamper'],
    [6, 1, 'disk-failed'],
    [2, 4, null],
    [5, 2, null],
    [6, 2, null],
    [1, 1, null],
    [2, null, null],
  ])('should map method %s type %s to %s', (method, type, want) => {
    expect(alarmCondition(method, type)).toBe(want);
  });
});

describe(equipmentTypeOf.name, () => {
  it.each([
    ['34020000001110000001', 'dvr'],
    ['34020000001180000001', 'nvr'],
    ['34020000001310000001', 'camera'],
    ['34020000001320000001', 'camera'],
    ['34020000001340000001', null],
    ['3402000000131000000', null],
    ['3402000000131000000x', null],
  ])('should read %s as %s', (id, want) => {
    expect(equipmentTypeOf(id)).toBe(want);
  });
});
