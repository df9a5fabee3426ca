import type { LoadDevice } from './load';
import type { PlatformProcess } from './platform-process';

const COLUMNS = 'id,type,siteCode,name,model,serial,firmware,parentId,heartbeatIntervalSec,criticality,installedAt,warrantyUntil';
const CHUNK = 10_000;

export interface BenchEstate {
  siteId: string;
  load: LoadDevice[];
  probes: LoadDevice[];
  silent: LoadDevice[];
}

/** A city-scale mix: mostly cameras, a DVR per eight, a switch per ten, a server per thousand. */
function typeOf(i: number): LoadDevice['type'] {
  if (i % 1000 === 999) return 'server';
  if (i % 10 === 9) return 'switch';
  if (i % 9 === 8) return 'dvr';
  return 'camera';
}

/** Registers the estate through the inventory import, as a contractor would, in chunks of 10,000 rows. */
export async function registerEstate(platform: PlatformProcess, devices: number, intervalSec: number, keep = false): Promise<BenchEstate> {
  const existing = keep ? (await platform.request<{ items: { id: string; code: string }[] }>('GET', '/api/sites?limit=100')).items.find((s) => s.code === 'BENCH') : undefined;
  const site = existing ?? (await platform.request<{ id: string }>('POST', '/api/sites', JSON.stringify({ code: 'BENCH', name: 'Benchmark estate', region: 'province' })));
  const load: LoadDevice[] = Array.from({ length: devices }, (_, i) => ({ id: `b-${String(i).padStart(6, '0')}`, type: typeOf(i), seq: 0 }));
  const probes: LoadDevice[] = Array.from({ length: 20 }, (_, i) => ({ id: `b-probe-${i}`, type: 'camera', seq: 0 }));
  const silent: LoadDevice[] = Array.from({ length: 20 }, (_, i) => ({ id: `b-silent-${i}`, type: 'camera', seq: 0 }));
  const rows = [
    ...load.map((d) => `${d.id},${d.type},BENCH,,,,,,${intervalSec},normal,,`),
    ...probes.map((d) => `${d.id},camera,BENCH,,,,,,${intervalSec},normal,,`),
    ...silent.map((d) => `${d.id},camera,BENCH,,,,,,2,normal,,`),
  ];
  if (existing) return { siteId: site.id, load, probes, silent };
  for (let i = 0; i < rows.length; i += CHUNK) {
    await platform.request('POST', '/api/devices/import', [COLUMNS, ...rows.slice(i, i + CHUNK)].join('\n'), 'text/csv');
  }
  return { siteId: site.id, load, probes, silent };
}

export async function countByStatus(platform: PlatformProcess, siteId: string, status: string): Promise<number> {
  return (await platform.request<{ total: number }>('GET', `/api/devices?siteId=${siteId}&status=${status}&limit=1`)).total;
}
