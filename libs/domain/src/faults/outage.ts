/**
 * Outages (CONTRACT.md "Outages"): devices silent together because a parent failed, or because their
 * whole site went dark, make one fault. These rules answer which outage a silent device belongs to,
 * from the devices of its site (and any ancestors elsewhere), their parents and who is silent now.
 */

export interface OutageDevice {
  id: string;
  siteId: string;
  parentId: string | null;
  /** Sends heartbeats: only these count when deciding whether a site is dark. */
  heartbeat: boolean;
  silent: boolean;
}

/** The outage a silent device belongs to: the fault of the device that explains it, or the fault of the site. */
export type Outage = { kind: 'device'; deviceId: string } | { kind: 'site'; siteId: string };

/** A silence is decided this long after its deadline, so devices that failed together are decided together. */
export const OUTAGE_HOLD_MS = 2000;
/** The first alert of an outage never waits longer than this (Alertmanager's group_wait, bounded). */
export const OUTAGE_WAIT_MAX_MS = 120_000;

/** A site counts as dark when it has two or more heartbeat devices and every one of them is silent. */
export function isDarkCount(heartbeatDevices: number, silent: number): boolean {
  return heartbeatDevices >= 2 && silent >= heartbeatDevices;
}

export function isSiteDark(devices: readonly OutageDevice[], siteId: string): boolean {
  const own = devices.filter((d) => d.siteId === siteId && d.heartbeat);
  return isDarkCount(own.length, own.filter((d) => d.silent).length);
}

/**
 * The highest device reachable from this one through silent parents: the one whose failure explains
 * this silence (the device itself when its parent is not silent). A loop in the topology ends the walk.
 */
export function silenceRoot(deviceId: string, parentOf: (id: string) => string | null, isSilent: (id: string) => boolean): string {
  const seen = new Set<string>([deviceId]);
  let root = deviceId;
  for (let p = parentOf(root); p !== null && !seen.has(p) && isSilent(p); p = parentOf(root)) {
    seen.add(p);
    root = p;
  }
  return root;
}

function indexOf(devices: readonly OutageDevice[]) {
  const byId = new Map(devices.map((d) => [d.id, d]));
  const parentOf = (id: string) => byId.get(id)?.parentId ?? null;
  const isSilent = (id: string) => byId.get(id)?.silent ?? false;
  return { byId, parentOf, isSilent, rootOf: (id: string) => silenceRoot(id, parentOf, isSilent) };
}

/**
 * Which outage a silent device belongs to. When its site is dark, the site's outage: the fault of the
 * one device that explains every silence there (the highest silent parent), else the fault of the site.
 * Otherwise the outage of its root (itself when nothing above it is silent).
 */
export function outageOf(deviceId: string, devices: readonly OutageDevice[]): Outage {
  const { byId, rootOf } = indexOf(devices);
  const siteId = byId.get(deviceId)?.siteId;
  if (siteId !== undefined && isSiteDark(devices, siteId)) return darkSiteOutage(devices, siteId);
  return { kind: 'device', deviceId: rootOf(deviceId) };
}

/** The outage of a dark site: one device when a single root explains every silent device of it, else the site. */
export function darkSiteOutage(devices: readonly OutageDevice[], siteId: string): Outage {
  const { rootOf } = indexOf(devices);
  const roots = new Set(devices.filter((d) => d.siteId === siteId && d.heartbeat && d.silent).map((d) => rootOf(d.id)));
  return roots.size === 1 ? { kind: 'device', deviceId: [...roots][0] } : { kind: 'site', siteId };
}

/**
 * The devices an outage's fault lists as affected: every silent device of the site for a site outage;
 * for a device's outage, the silent devices it explains, and when its site is dark every silent device
 * there. Devices with open faults of other kinds (flapping, disk, video loss) are listed like any other.
 */
export function outageMembers(outage: Outage, devices: readonly OutageDevice[]): string[] {
  const { byId, rootOf } = indexOf(devices);
  if (outage.kind === 'site')
    return devices
      .filter((d) => d.siteId === outage.siteId && d.heartbeat && d.silent)
      .map((d) => d.id)
      .sort();
  const root = byId.get(outage.deviceId);
  const darkSite = root !== undefined && isSiteDark(devices, root.siteId) ? root.siteId : null;
  return devices
    .filter((d) => d.silent && d.id !== outage.deviceId && (rootOf(d.id) === outage.deviceId || (d.siteId === darkSite && d.heartbeat)))
    .map((d) => d.id)
    .sort();
}

/**
 * Members still silent after the rest came back, in the order their faults should open: devices whose
 * parent is not among them first, so the devices behind a still-silent parent join its fault.
 */
export function stragglersInOrder(stillSilent: readonly Pick<OutageDevice, 'id' | 'parentId'>[]): string[] {
  const byId = new Map(stillSilent.map((s) => [s.id, s]));
  const depth = (d: Pick<OutageDevice, 'id' | 'parentId'>): number => {
    let n = 0;
    const seen = new Set<string>([d.id]);
    for (let p = d.parentId; p !== null && byId.has(p) && !seen.has(p); p = byId.get(p)?.parentId ?? null) {
      seen.add(p);
      n += 1;
    }
    return n;
  };
  return [...stillSilent].sort((a, b) => depth(a) - depth(b) || a.id.localeCompare(b.id)).map((d) => d.id);
}

/**
 * How long the first alert of a silence waits so that what failed with it is counted in it. Devices that
 * fail at the same instant reach their deadlines up to one own interval apart, and a device with a longer
 * window (the rest of the site, a parent) later still: wait for the latest of those windows past this
 * device's, plus its own interval and a margin; bounded, and none when nothing else could join.
 */
export function outageWaitMs(ownIntervalSec: number, otherIntervalsSec: readonly number[], missedHeartbeats: number, marginMs = 3000): number {
  if (otherIntervalsSec.length === 0) return 0;
  const window = (sec: number) => sec * missedHeartbeats * 1000;
  const latest = Math.max(...otherIntervalsSec.map(window));
  return Math.min(OUTAGE_WAIT_MAX_MS, Math.max(0, latest - window(ownIntervalSec)) + ownIntervalSec * 1000 + marginMs);
}

/**
 * How long a dark site's page waits for the rest of the estate: when devices elsewhere are silent too (the
 * estate may be going dark, or the monitoring centre's own link), sites whose devices have longer windows
 * go dark later; their outages then go out in the same page. None when nothing is silent elsewhere (one
 * site's power cut pages at once); bounded like the group wait.
 */
export function estateHoldMs(siteMaxIntervalSec: number, elsewhere: { offline: number; maxIntervalSec: number }, missedHeartbeats: number): number {
  if (elsewhere.offline === 0) return 0;
  const window = (sec: number) => sec * missedHeartbeats * 1000;
  return Math.min(OUTAGE_WAIT_MAX_MS, Math.max(0, window(elsewhere.maxIntervalSec) - window(siteMaxIntervalSec)));
}

/** How long members still silent get to report back after the last one that did (their window and two seconds). */
export function stragglerGraceMs(intervalsSec: readonly number[], missedHeartbeats: number): number {
  return (Math.max(0, ...intervalsSec) * missedHeartbeats + 2) * 1000;
}
