import type { Device } from '@vigil/domain';
import { fakeAccess, makeUnitSite, unitActor } from '../../../../test/support/fake-access';
import { strictFake } from '../../../../test/support/strict-fake';
import { ForbiddenError } from '../errors';
import type { DeviceRepository, DiscoveredDevice, DiscoveredDeviceRepository, DroppedSample } from '../ports';
import { IngestInspectionService } from './ingest-inspection.service';
import type { IngestFigures, IngestSnapshots } from './ingest-snapshots';

const AT = new Date('2026-12-02T08:00:00Z');
const drop = (topic: string): DroppedSample => ({ at: AT, topic, reason: 'not-json', detail: 'bad', payload: '{' });
const DROPS = [drop('vigil/v1/devices/dvr-a/heartbeat'), drop('vigil/v1/devices/dvr-b/status'), drop('vigil/v1/devices/stranger/heartbeat'), drop('not/a/device/topic')];
const SEEN: DiscoveredDevice = { id: 'stranger', firstSeenAt: AT, lastSeenAt: AT, messages: 3, lastTopic: 'vigil/v1/devices/stranger/heartbeat' };
const supervisorB = unitActor('supervisor', ['cust-b']);

/** Live figures of two processes with the four drops above; dvr-a at a1 (customer a), dvr-b at b1 (customer b). */
function setup() {
  const { access, denied } = fakeAccess([makeUnitSite('a1', 'cust-a'), makeUnitSite('b1', 'cust-b')]);
  const devices = [
    { id: 'dvr-a', siteId: 'a1' },
    { id: 'dvr-b', siteId: 'b1' },
  ] as Device[];
  const calls: string[] = [];
  const figures: IngestFigures = { processes: 2, trackedDevices: 40, totals: { accepted: 90, 'dropped:not-json': 4 }, recentDrops: DROPS };
  const service = new IngestInspectionService(
    access,
    strictFake<IngestSnapshots>('snapshots', {
      live: async () => {
        calls.push('live');
        return figures;
      },
    }),
    strictFake<DiscoveredDeviceRepository>('discoveries', {
      list: async () => {
        calls.push('list');
        return [SEEN];
      },
      remove: async (id: string) => void calls.push(`remove ${id}`),
    }),
    strictFake<DeviceRepository>('devices', { findByIds: async (ids: string[]) => devices.filter((d) => ids.includes(d.id)) }),
  );
  return { service, calls, denied };
}

describe(IngestInspectionService.name, () => {
  it('should refuse the diagnostics to a role without them, and forgetting to a non-manager or a scoped user, before reading anything', async () => {
    const { service, calls, denied } = setup();

    await expect(service.dropped(unitActor('engineer'))).rejects.toThrow(ForbiddenError);
    await expect(service.discovered(unitActor('engineer'))).rejects.toThrow(ForbiddenError);
    await expect(service.forget(unitActor('operator'), 'stranger')).rejects.toThrow(ForbiddenError);
    await expect(service.forget(supervisorB, 'stranger')).rejects.toThrow(ForbiddenError);

    expect(denied()).toEqual(['permission', 'permission', 'permission', 'estate']);
    expect(calls).toEqual([]);
  });

  it('should give every role the totals, without the dropped payloads', async () => {
    const { service } = setup();

    expect(await service.stats(unitActor('engineer'))).toEqual({ processes: 2, trackedDevices: 40, totals: { accepted: 90, 'dropped:not-json': 4 } });
  });

  it('should show an unscoped reader every dropped message, and a scoped one only those of devices at its sites', async () => {
    const { service } = setup();

    expect(await service.dropped(unitActor('operator'))).toEqual({ items: DROPS, total: 4 });
    expect(await service.dropped(supervisorB)).toEqual({ items: [DROPS[1]], total: 1 });
  });

  it('should list ids heard but not registered only to unscoped readers, and let an unscoped manager forget one', async () => {
    const { service, calls } = setup();

    expect(await service.discovered(supervisorB)).toEqual({ items: [], total: 0 });
    expect(calls).toEqual([]);
    expect(await service.discovered(unitActor('auditor'))).toEqual({ items: [SEEN], total: 1 });
    await service.forget(unitActor('admin'), 'stranger');
    expect(calls).toEqual(['list', 'remove stranger']);
  });
});
