import type { Device, StoredDeviceEvent } from '@vigil/domain';
import { fakeAccess, makeUnitSite, unitActor } from '../../../../test/support/fake-access';
import { strictFake } from '../../../../test/support/strict-fake';
import { InputError, NotFoundError } from '../errors';
import type { DeviceEventLog, DeviceRepository, OnlineHistoryRepository, OnlineHour } from '../ports';
import { FakeClock } from '../testing/fake-time';
import { DeviceHistoryService } from './device-history.service';

const NOW = new Date('2026-12-02T08:30:00Z');
const makeDevice = (id: string, siteId: string): Device => ({
  id,
  type: 'dvr',
  siteId,
  name: null,
  model: null,
  serial: null,
  firmware: null,
  parentId: null,
  heartbeatIntervalSec: 30,
  criticality: 'normal',
  installedAt: null,
  warrantyUntil: null,
  status: 'online',
  lastSeenAt: NOW,
  conditions: [],
  createdAt: NOW,
  updatedAt: NOW,
});
const hour = (h: string, onlineSec: number, observedSec: number): OnlineHour => ({ deviceId: 'dvr-b', hour: h, onlineSec, observedSec });
const supervisorB = unitActor('supervisor', ['cust-b']);

/** dvr-a at a1 (customer a), dvr-b at b1 (customer b); the log and online hours record what they were asked. */
function setup(hours: OnlineHour[] = []) {
  const { access, denied } = fakeAccess([makeUnitSite('a1', 'cust-a'), makeUnitSite('b1', 'cust-b')]);
  const devices = [makeDevice('dvr-a', 'a1'), makeDevice('dvr-b', 'b1')];
  const asked: string[] = [];
  const event: StoredDeviceEvent = { id: 7, deviceId: 'dvr-b', siteId: 'b1', at: NOW, change: { kind: 'status-changed', from: 'online', to: 'offline' } };
  const service = new DeviceHistoryService(
    strictFake<DeviceRepository>('devices', { findById: async (id: string) => devices.find((d) => d.id === id) ?? null }),
    strictFake<DeviceEventLog>('log', {
      history: async (deviceId: string, limit: number) => {
        asked.push(`history ${deviceId} ${limit}`);
        return [event];
      },
    }),
    strictFake<OnlineHistoryRepository>('online', {
      forDevice: async (deviceId: string, from: string, to: string) => {
        asked.push(`hours ${deviceId} ${from}..${to}`);
        return hours;
      },
    }),
    access,
    new FakeClock(NOW),
  );
  return { service, asked, denied, event };
}

describe(DeviceHistoryService.name, () => {
  it("should refuse a device outside the reader's scope as unknown (404, recorded) before reading its history", async () => {
    const { service, asked, denied } = setup();

    await expect(service.events(supervisorB, 'dvr-a')).rejects.toThrow(NotFoundError);
    await expect(service.onlineHours(supervisorB, 'dvr-a')).rejects.toThrow(NotFoundError);
    await expect(service.events(supervisorB, 'no-such-device')).rejects.toThrow(NotFoundError);

    expect(denied()).toEqual(['device', 'device']);
    expect(asked).toEqual([]);
  });

  it("should answer a device's events in scope, as many as asked for", async () => {
    const { service, asked, event } = setup();

    expect(await service.events(supervisorB, 'dvr-b', 50)).toEqual({ items: [event], total: 1 });
    expect(asked).toEqual(['history dvr-b 50']);
  });

  it('should answer the last day by default, and the online rate over the observed time', async () => {
    const { service, asked } = setup([hour('2026-12-02T07', 1800, 3600), hour('2026-12-02T08', 1800, 1800)]);

    const report = await service.onlineHours(supervisorB, 'dvr-b');

    expect(asked).toEqual(['hours dvr-b 2026-12-01T08..2026-12-02T08']);
    expect(report).toMatchObject({ deviceId: 'dvr-b', from: '2026-12-01T08', to: '2026-12-02T08', onlineRate: 3600 / 5400 });
    expect(report.hours).toHaveLength(2);
  });

  it('should answer no rate for a device never observed, and refuse a range that ends before it starts or is no date', async () => {
    const { service } = setup([hour('2026-12-02T07', 0, 0)]);

    expect((await service.onlineHours(supervisorB, 'dvr-b', { from: new Date('2026-12-02T00:00:00Z') })).onlineRate).toBeNull();
    await expect(service.onlineHours(supervisorB, 'dvr-b', { from: NOW, to: new Date('2026-12-01T00:00:00Z') })).rejects.toThrow(InputError);
    await expect(service.onlineHours(supervisorB, 'dvr-b', { from: new Date('+020000-01-01T00:00:00Z'), to: new Date('+020000-01-02T00:00:00Z') })).rejects.toThrow(
      'from: must be a date',
    );
    // text that is no date at all arrives as an invalid Date
    await expect(service.onlineHours(supervisorB, 'dvr-b', { to: new Date('nonsense') })).rejects.toThrow('to: must be a date');
  });
});
