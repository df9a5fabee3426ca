// observability and application import each other: load them in the order the apps do
import '@vigil/observability';
import type { VigilConfig } from '@vigil/config';
import { strictFake } from '../../../../test/support/strict-fake';
import type { ClockPort, DroppedSample, IngestSnapshot, IngestSnapshotRepository } from '../ports';
import type { IngestDiagnostics } from './ingest-diagnostics';
import type { IngestService } from './ingest.service';
import { IngestSnapshots } from './ingest-snapshots';

const NOW = new Date('2026-12-02T08:00:00.000Z');
const ago = (sec: number) => new Date(NOW.getTime() - sec * 1000);
const drop = (at: Date, topic: string): DroppedSample => ({ at, topic, reason: 'not-json', detail: '', payload: 'x' });

function setup(rows: IngestSnapshot[], own = { totals: { accepted: 1 } as Record<string, number>, drops: [] as DroppedSample[], tracked: 7 }, now = () => NOW) {
  const saved: IngestSnapshot[] = [];
  const stored = new Map(rows.map((r) => [r.processId, r]));
  const asked: Date[] = [];
  const removed: string[] = [];
  const repo = strictFake<IngestSnapshotRepository>('repo', {
    save: async (s: IngestSnapshot) => {
      saved.push(s);
      stored.set(s.processId, s);
    },
    removeWrittenBefore: async () => undefined,
    remove: async (id: string) => {
      removed.push(id);
    },
    writtenSince: async (since: Date) => {
      asked.push(since);
      return [...stored.values()].filter((r) => r.writtenAt >= since);
    },
  });
  const diagnostics = strictFake<IngestDiagnostics>('diagnostics', { totals: () => own.totals, recentDrops: () => own.drops });
  const ingest = strictFake<IngestService>('ingest', { trackedCount: own.tracked });
  const clock = strictFake<ClockPort>('clock', { now });
  const config = { ingest: { snapshotSec: 5 } } as VigilConfig;
  return { snapshots: new IngestSnapshots(diagnostics, ingest, repo, clock, config), saved, asked, removed };
}

describe(IngestSnapshots.name, () => {
  const other = (id: string, sec: number, totals: Record<string, number>, drops: DroppedSample[] = [], tracked = 7): IngestSnapshot => ({
    processId: id,
    writtenAt: ago(sec),
    trackedDevices: tracked,
    totals,
    recentDrops: drops,
    lastProcessedAt: null,
  });

  it('should add up the counters of the ingest processes heard from in the last three intervals and leave older ones out', async () => {
    const { snapshots, saved, asked } = setup([
      other('a', 2, { accepted: 10, 'dropped:not-json': 1 }, [drop(ago(30), 'a/old')]),
      other('b', 14, { accepted: 5, 'dropped:not-json': 2 }, [drop(ago(3), 'b/new')], 9),
      other('c', 16, { accepted: 1000 }),
    ]);
    const figures = await snapshots.live();
    expect(saved).toEqual([]);
    expect(asked).toEqual([ago(15)]);
    expect(figures).toEqual({
      processes: 2,
      trackedDevices: 9,
      totals: { accepted: 15, 'dropped:not-json': 3 },
      recentDrops: [drop(ago(3), 'b/new'), drop(ago(30), 'a/old')],
    });
  });

  it('should answer nothing counted when no ingest process runs', async () => {
    const { snapshots } = setup([]);
    expect(await snapshots.live()).toEqual({ processes: 0, trackedDevices: 0, totals: {}, recentDrops: [] });
  });

  it('should write its own figures first where ingest runs, so they are as of now', async () => {
    const own = { totals: { accepted: 3 }, drops: [drop(ago(1), 'own')], tracked: 4 };
    const { snapshots, saved, removed } = setup([other('a', 2, { accepted: 10 })], own);
    await snapshots.start();
    const figures = await snapshots.live();
    await snapshots.stop();
    expect(saved).toHaveLength(2);
    expect(saved[1]).toMatchObject({ writtenAt: NOW, trackedDevices: 4, totals: { accepted: 3 } });
    // the one row a process keeps, replaced at each write, so its counters are counted once
    expect(figures).toMatchObject({ processes: 2, totals: { accepted: 13 } });
    expect(removed).toEqual([saved[0].processId]);
  });

  it('should note when its count of valid messages last grew, from its start on, whatever it dropped', async () => {
    const own = { totals: { accepted: 3 } as Record<string, number>, drops: [], tracked: 4 };
    let now = NOW;
    const { snapshots, saved } = setup([], own, () => now);
    await snapshots.start();
    const write = async (sec: number, totals: Record<string, number>) => {
      now = new Date(NOW.getTime() + sec * 1000);
      own.totals = totals;
      await snapshots.live();
      return saved.at(-1)!.lastProcessedAt;
    };
    expect(saved[0].lastProcessedAt).toEqual(NOW);
    expect(await write(5, { accepted: 3 })).toEqual(NOW);
    expect(await write(10, { accepted: 3, 'dropped:not-json': 40 })).toEqual(NOW);
    expect(await write(15, { accepted: 3, duplicate: 1 })).toEqual(new Date(NOW.getTime() + 15_000));
    expect(await write(20, { accepted: 3, duplicate: 1, status: 0 })).toEqual(new Date(NOW.getTime() + 15_000));
    await snapshots.stop();
  });
});
