import type { VigilConfig } from '@vigil/config';
import { strictFake } from '../../../../test/support/strict-fake';
import type { DeviceEventLog, OnlineHistoryRepository } from '../ports';
import { FakeClock } from '../testing';
import { RetentionService } from './retention.service';

function setup(onlineHistoryDays: number, removes = 3) {
  const clock = new FakeClock('2026-12-02T02:30:00Z');
  const asked: { hourly: string[]; events: string[] } = { hourly: [], events: [] };
  const service = new RetentionService(
    { onlineHistoryDays } as VigilConfig,
    clock,
    strictFake<OnlineHistoryRepository>('onlineHistory', {
      purgeBefore: async (hour: string) => {
        asked.hourly.push(hour);
        return removes;
      },
    }),
    strictFake<DeviceEventLog>('deviceEvents', {
      purgeHandledBefore: async (before: Date) => {
        asked.events.push(before.toISOString());
        return removes;
      },
    }),
  );
  return { service, clock, asked };
}

describe(RetentionService.name, () => {
  it('should drop hourly online history before the hour VIGIL_ONLINE_HISTORY_DAYS back, the horizon moving with the clock', async () => {
    const { service, clock, asked } = setup(31);
    await expect(service.purgeOnlineHistory()).resolves.toBe(3);
    await clock.advance(3600_000);
    await service.purgeOnlineHistory();
    expect(asked).toEqual({ hourly: ['2026-11-01T02', '2026-11-01T03'], events: [] });
  });

  it('should drop handled device events past the same horizon and answer how many went', async () => {
    const { service, asked } = setup(400, 0);
    await expect(service.purgeDeviceEvents()).resolves.toBe(0);
    expect(asked).toEqual({ hourly: [], events: ['2025-10-28T02:30:00.000Z'] });
  });
});
