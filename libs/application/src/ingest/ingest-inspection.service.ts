import { Injectable } from '@nestjs/common';
import { parseDeviceTopic, type Actor } from '@vigil/domain';
import { AccessPolicy } from '../identity/access-policy';
import { DeviceRepository, DiscoveredDeviceRepository, type DiscoveredDevice, type DroppedSample } from '../ports';
import { IngestSnapshots } from './ingest-snapshots';

/**
 * What the ingest processes have seen, for people, the same on every process: totals for everyone; dropped
 * messages (payload excerpts) of the devices in the reader's scope, and those of no registered device only for
 * unscoped users; ids heard but not registered (anyone's, so only unscoped users see and forget them).
 */
@Injectable()
export class IngestInspectionService {
  constructor(
    private readonly access: AccessPolicy,
    private readonly snapshots: IngestSnapshots,
    private readonly discoveries: DiscoveredDeviceRepository,
    private readonly devices: DeviceRepository,
  ) {}

  async stats(actor: Actor): Promise<{ processes: number; trackedDevices: number; totals: Record<string, number> }> {
    await this.access.require(actor, 'ingest.read');
    const { processes, trackedDevices, totals } = await this.snapshots.live();
    return { processes, trackedDevices, totals };
  }

  async dropped(actor: Actor): Promise<{ items: DroppedSample[]; total: number }> {
    const mine = await this.access.siteFilter(actor, 'ingest.diagnostics.read');
    const all = (await this.snapshots.live()).recentDrops;
    const items = mine === null ? all : await this.ofSites(all, new Set(mine));
    return { items, total: items.length };
  }

  async discovered(actor: Actor): Promise<{ items: DiscoveredDevice[]; total: number }> {
    await this.access.require(actor, 'ingest.diagnostics.read');
    const items = actor.scope ? [] : await this.discoveries.list();
    return { items, total: items.length };
  }

  async forget(actor: Actor, id: string): Promise<void> {
    await this.access.requireWholeEstate(actor, 'ingest.discovered.write');
    await this.discoveries.remove(id);
  }

  private async ofSites(samples: DroppedSample[], sites: Set<string>): Promise<DroppedSample[]> {
    const deviceOf = (s: DroppedSample) => {
      const topic = parseDeviceTopic(s.topic);
      return topic.ok ? topic.deviceId : null;
    };
    const ids = [...new Set(samples.map(deviceOf).filter((id) => id !== null))];
    const siteOf = new Map((await this.devices.findByIds(ids)).map((d) => [d.id, d.siteId]));
    return samples.filter((s) => sites.has(siteOf.get(deviceOf(s) ?? '') ?? ''));
  }
}
