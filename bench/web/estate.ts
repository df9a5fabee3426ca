import type { LoadDevice } from '../ingest/load';
import { heartbeatOf } from '../ingest/load';
import type { PlatformProcess } from '../ingest/platform-process';
import { sleep } from '../ingest/stats';

const COLUMNS = 'id,type,siteCode,name,model,serial,firmware,parentId,heartbeatIntervalSec,criticality,installedAt,warrantyUntil';
const CHUNK = 10_000;
/** Long enough that no device goes silent by itself during a run: the estate stays up with one heartbeat each. */
export const QUIET_INTERVAL_SEC = 6 * 3600;

export interface WebEstate {
  devices: LoadDevice[];
  siteCodes: string[];
}

interface Overview {
  summary: Record<string, number>;
  sites: { devices: { online: number; degraded: number; offline: number } }[];
}

/** The same city-scale mix as the ingest benchmark: mostly cameras, a DVR per nine, a switch per ten, a server per thousand. */
function typeOf(i: number): LoadDevice['type'] {
  if (i % 1000 === 999) return 'server';
  if (i % 10 === 9) return 'switch';
  if (i % 9 === 8) return 'dvr';
  return 'camera';
}

/** Sites, then devices spread over them round-robin, registered through the inventory import as a contractor would. */
export async function registerEstate(platform: PlatformProcess, devices: number, sites: number): Promise<WebEstate> {
  const siteCodes = Array.from({ length: sites }, (_, i) => `W${String(i).padStart(4, '0')}`);
  for (const [i, code] of siteCodes.entries()) {
    await platform.request('POST', '/api/sites', JSON.stringify({ code, name: `监控点 ${code} Site ${i + 1}`, region: `Region ${(i % 12) + 1}` }));
  }
  const load: LoadDevice[] = Array.from({ length: devices }, (_, i) => ({ id: `w-${String(i).padStart(6, '0')}`, type: typeOf(i), seq: 0 }));
  const rows = load.map((d, i) => `${d.id},${d.type},${siteCodes[i % sites]},,,,,,${QUIET_INTERVAL_SEC},normal,,`);
  for (let i = 0; i < rows.length; i += CHUNK) {
    await platform.request('POST', '/api/devices/import', [COLUMNS, ...rows.slice(i, i + CHUNK)].join('\n'), 'text/csv');
  }
  return { devices: load, siteCodes };
}

/**
 * Devices to take down together: the same share of every site, so none goes dark as a whole (a dark site is
 * one fault, not one per device) and one outage is `count` faults. Each round takes other devices, so a fault
 * of the round before that has not closed yet is never in the way.
 */
export function pickVictims(estate: WebEstate, count: number, round: number): LoadDevice[] {
  const sites = estate.siteCodes.length;
  const perSite = Math.ceil(count / sites);
  const deviceSlots = Math.floor(estate.devices.length / sites);
  if ((round + 1) * perSite >= deviceSlots)
    throw new Error(`${count} devices down at once (round ${round + 1}) would leave sites dark in an estate of ${estate.devices.length}; take fewer`);
  const victims: LoadDevice[] = [];
  // devices are spread over the sites round-robin: device j * sites + s is the j-th of site s
  for (let j = round * perSite; victims.length < count; j += 1) {
    for (let s = 0; s < sites && victims.length < count; s += 1) victims.push(estate.devices[j * sites + s]);
  }
  return victims;
}

export function* heartbeats(devices: LoadDevice[]): Iterable<[string, string]> {
  for (const d of devices) yield heartbeatOf(d);
}

/** A device's Last Will, sent live: ingest takes the device offline at once and the fault engine opens its fault. */
export function* offlines(devices: LoadDevice[]): Iterable<[string, string]> {
  for (const d of devices) yield [`vigil/v1/devices/${d.id}/status`, 'offline'];
}

export async function overview(platform: PlatformProcess): Promise<{ open: number; online: number; offline: number }> {
  const o = await platform.request<Overview>('GET', '/api/dashboard/overview');
  let online = 0;
  let offline = 0;
  for (const s of o.sites) {
    online += s.devices.online + s.devices.degraded;
    offline += s.devices.offline;
  }
  return { open: Object.values(o.summary).reduce((a, b) => a + b, 0), online, offline };
}

/** Polls the overview until `done` says so; answers the last reading, or null when the time ran out. */
export async function waitForOverview(
  platform: PlatformProcess,
  done: (o: { open: number; online: number; offline: number }) => boolean,
  timeoutMs: number,
  log?: (line: string) => void,
) {
  const end = Date.now() + timeoutMs;
  let lastLog = 0;
  for (;;) {
    const o = await overview(platform);
    if (done(o)) return o;
    if (Date.now() > end) return null;
    if (log && Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      log(`  … online ${o.online}, offline ${o.offline}, open faults ${o.open}`);
    }
    await sleep(1000);
  }
}
