// observability and application import each other: load them in the order the apps do
import '@vigil/observability';
import type { VigilConfig } from '@vigil/config';
import { strictFake } from '../../../../test/support/strict-fake';
import type { ClockPort, IngestSnapshot, IngestSnapshotRepository } from '../ports';
import { IngestStall } from './ingest-stall';

const NOW = new Date('2026-12-03T08:00:00.000Z');
const ago = (sec: number) => new Date(NOW.getTime() - sec * 1000);
const row = (id: string, writtenSecAgo: number, processedSecAgo: number | null): IngestSnapshot => ({
  processId: id,
  writtenAt: ago(writtenSecAgo),
  trackedDevices: 10,
  totals: {},
  recentDrops: [],
  lastProcessedAt: processedSecAgo === null ? null : ago(processedSecAgo),
});

function stall(rows: IngestSnapshot[], expected: boolean, stallSec = 60) {
  const asked: Date[] = [];
  const repo = strictFake<IngestSnapshotRepository>('repo', {
    processingSince: async (since: Date) => {
      asked.push(since);
      const live = rows.filter((r) => r.writtenAt >= since);
      const times = live.flatMap((r) => (r.lastProcessedAt ? [r.lastProcessedAt.getTime()] : []));
      return { processes: live.length, lastProcessedAt: times.length > 0 ? new Date(Math.max(...times)) : null };
    },
    devicesExpectedToReport: async () => expected,
  });
  const clock = strictFake<ClockPort>('clock', { now: () => NOW });
  return { probe: new IngestStall(repo, clock, { ingest: { stallSec } } as VigilConfig), asked };
}

describe(IngestStall.name, () => {
  it('should be fine while some live ingest process handled a message within the window', async () => {
    const { probe, asked } = stall([row('a', 2, 300), row('b', 3, 59)], true);
    expect(await probe.problem()).toBeNull();
    expect(asked).toEqual([ago(60)]);
  });

  it('should turn red when every ingest process has gone without a message for the window, devices expected', async () => {
    expect(await stall([row('a', 2, 61), row('b', 3, null)], true).probe.problem()).toMatch(/handled a device message for 60 s/);
  });

  it('should turn red when no ingest process has written within the window, even one that handled messages before it stopped', async () => {
    expect(await stall([row('a', 61, 61)], true).probe.problem()).toMatch(/no ingest process has reported for 60 s/);
    expect(await stall([], true).probe.problem()).toMatch(/no ingest process has reported/);
  });

  it('should stay green on an estate where no device is expected to report', async () => {
    expect(await stall([], false).probe.problem()).toBeNull();
    expect(await stall([row('a', 1, 500)], false).probe.problem()).toBeNull();
  });

  it('should check nothing when turned off', async () => {
    const { probe, asked } = stall([], true, 0);
    expect(probe.enabled).toBe(false);
    expect(await probe.problem()).toBeNull();
    expect(asked).toEqual([]);
  });
});
