import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '@web/api/http';
import type { QueuedWrite } from '@web/offline/queue';
import type { DeviceInfo, FaultDetail, FaultItem, Page, PatrolDetail, PatrolSummary, SiteInfo } from '@web/views/field/types';
import { useFieldDrafts } from './field-drafts';
import { useFieldQueue } from './field-queue';
import { useSession } from './session';

interface Saved {
  savedAt: number;
  myPatrols: PatrolSummary[];
  myFaults: FaultItem[];
  sites: Record<string, SiteInfo>;
  devices: Record<string, DeviceInfo[]>;
  patrols: Record<string, PatrolDetail>;
  faults: Record<string, FaultDetail>;
}

/** Patrols and faults opened on this phone that are kept for reading without signal, newest first. */
const KEEP_OPENED = 30;
const cacheKey = (username: string): string => `vigil.field.cache.${username}`;
/** A request that never reached the server (no signal): the copy kept on the phone is shown instead. */
const isNetworkError = (err: unknown): boolean => err instanceof TypeError;

const empty = (): Saved => ({ savedAt: 0, myPatrols: [], myFaults: [], sites: {}, devices: {}, patrols: {}, faults: {} });

/**
 * The engineer's work as last read from the server, kept in localStorage per user so the field app opens
 * their patrols and faults without signal. Each read refreshes it; a read that finds no network leaves it
 * and says so (`offlineSince`).
 */
export const useField = defineStore('field', () => {
  const session = useSession();
  const queue = useFieldQueue();
  const drafts = useFieldDrafts();
  const myPatrols = ref<PatrolSummary[]>([]);
  const myFaults = ref<FaultItem[]>([]);
  const sites = ref<Record<string, SiteInfo>>({});
  const devices = ref<Record<string, DeviceInfo[]>>({});
  const patrols = ref<Record<string, PatrolDetail>>({});
  const faults = ref<Record<string, FaultDetail>>({});
  /** When the copy shown was saved, while the last read found no network; null when it is fresh. */
  const offlineSince = ref<number | null>(null);
  const savedAt = ref(0);
  let owner: string | null = null;

  function restore(): void {
    const username = session.me?.username ?? null;
    if (username === owner) return;
    owner = username;
    let saved = empty();
    try {
      if (username) saved = { ...empty(), ...(JSON.parse(localStorage.getItem(cacheKey(username)) ?? '{}') as Partial<Saved>) };
    } catch {
      saved = empty();
    }
    myPatrols.value = saved.myPatrols;
    myFaults.value = saved.myFaults;
    sites.value = saved.sites;
    devices.value = saved.devices;
    patrols.value = saved.patrols;
    faults.value = saved.faults;
    savedAt.value = saved.savedAt;
  }

  function trim<T>(record: Record<string, T>, keep: (id: string) => boolean): Record<string, T> {
    const ids = Object.keys(record);
    return Object.fromEntries(ids.filter((id, i) => keep(id) || i >= ids.length - KEEP_OPENED).map((id) => [id, record[id]]));
  }

  function persist(): void {
    if (!owner) return;
    savedAt.value = Date.now();
    const mine = new Set([...myPatrols.value.map((p) => p.id), ...myFaults.value.map((f) => f.id)]);
    const saved: Saved = {
      savedAt: savedAt.value,
      myPatrols: myPatrols.value,
      myFaults: myFaults.value,
      sites: sites.value,
      devices: devices.value,
      patrols: trim(patrols.value, (id) => mine.has(id)),
      faults: trim(faults.value, (id) => mine.has(id)),
    };
    try {
      localStorage.setItem(cacheKey(owner), JSON.stringify(saved));
    } catch {
      // storage full: this visit still has it in memory
    }
  }

  /** Runs a read; without network it keeps what is saved and notes since when. */
  async function reading<T>(read: () => Promise<T>): Promise<T | null> {
    try {
      const value = await read();
      offlineSince.value = null;
      return value;
    } catch (err) {
      if (!isNetworkError(err)) throw err;
      offlineSince.value = savedAt.value || Date.now();
      return null;
    }
  }

  async function loadSite(id: string): Promise<void> {
    if (sites.value[id]) return;
    await reading(async () => {
      const { data } = await api.GET('/api/sites/{id}', { params: { path: { id } } });
      const s = data as unknown as SiteInfo;
      sites.value = { ...sites.value, [id]: { id: s.id, code: s.code, name: s.name, address: s.address, timeZone: s.timeZone } };
    });
  }

  async function loadDevices(siteId: string): Promise<void> {
    if (devices.value[siteId]) return;
    await reading(async () => {
      const { data } = await api.GET('/api/devices', { params: { query: { siteId } } });
      const list = (data as unknown as Page<DeviceInfo>).items.map((d) => ({ id: d.id, type: d.type, name: d.name }));
      devices.value = { ...devices.value, [siteId]: list };
    });
  }

  /** My patrols to do or to have signed, and the faults dispatched to me that are not closed. */
  async function loadMine(): Promise<void> {
    const me = await session.loadMe().catch(() => null);
    restore();
    // the built-in admin has no user id: nothing is assigned to it (and no filter would list every patrol)
    if (!me?.userId) return;
    const assigneeId = me.userId;
    const got = await reading(async () => {
      const states = ['in-progress', 'due', 'submitted'] as const;
      const [lists, faultPage] = await Promise.all([
        Promise.all(states.map((state) => api.GET('/api/patrols', { params: { query: { assigneeId, state } } }).then((r) => (r.data as unknown as Page<PatrolSummary>).items))),
        api.GET('/api/faults', { params: { query: { assigneeId, state: 'open' } } }).then((r) => r.data as unknown as Page<FaultItem>),
      ]);
      return { patrols: lists.flat(), faults: faultPage.items };
    });
    if (got) {
      myPatrols.value = got.patrols;
      myFaults.value = got.faults;
    }
    await Promise.all([...new Set([...myPatrols.value.map((p) => p.siteId), ...myFaults.value.map((f) => f.siteId)])].map((id) => loadSite(id).catch(() => undefined)));
    persist();
  }

  async function loadPatrol(id: string): Promise<PatrolDetail | null> {
    await session.loadMe().catch(() => null);
    restore();
    const got = await reading(async () => {
      const { data } = await api.GET('/api/patrols/{id}', { params: { path: { id } } });
      return data as unknown as PatrolDetail;
    });
    if (got) {
      patrols.value = { ...patrols.value, [id]: got };
      // once submitted nothing of it can be typed any more
      if (got.state === 'submitted' || got.state === 'signed') drafts.clearPatrol(id);
      const listed = myPatrols.value.findIndex((p) => p.id === id);
      if (listed >= 0) myPatrols.value = myPatrols.value.map((p) => (p.id === id ? { ...p, ...got } : p));
    }
    const patrol = patrols.value[id] ?? null;
    if (patrol) await Promise.all([loadSite(patrol.siteId), loadDevices(patrol.siteId)].map((p) => p.catch(() => undefined)));
    persist();
    return patrol;
  }

  async function loadFault(id: string): Promise<FaultDetail | null> {
    await session.loadMe().catch(() => null);
    restore();
    const got = await reading(async () => {
      const { data } = await api.GET('/api/faults/{id}', { params: { path: { id } } });
      return data as unknown as FaultDetail;
    });
    if (got) {
      faults.value = { ...faults.value, [id]: got };
      myFaults.value = got.state === 'closed' ? myFaults.value.filter((f) => f.id !== id) : myFaults.value.map((f) => (f.id === id ? { ...f, ...got } : f));
    }
    const fault = faults.value[id] ?? null;
    if (fault) await Promise.all([loadSite(fault.siteId), loadDevices(fault.siteId)].map((p) => p.catch(() => undefined)));
    persist();
    return fault;
  }

  const deviceName = (siteId: string, deviceId: string | null): string => {
    if (!deviceId) return '';
    const d = devices.value[siteId]?.find((x) => x.id === deviceId);
    return d?.name ? `${d.name} (${d.id})` : deviceId;
  };

  // what the queue sent is read back, so the page shows the server's record and fresh evidence
  const refreshing = new Map<string, ReturnType<typeof setTimeout>>();
  function refreshSoon(key: string, run: () => Promise<unknown>): void {
    const t = refreshing.get(key);
    if (t) clearTimeout(t);
    refreshing.set(
      key,
      setTimeout(() => {
        refreshing.delete(key);
        void run().catch(() => undefined);
      }, 300),
    );
  }
  queue.onSent((write, answer) => {
    applyAnswer(write, answer);
    if (write.subject.patrolId) refreshSoon(`p:${write.subject.patrolId}`, () => loadPatrol(write.subject.patrolId!));
    if (write.subject.faultId) refreshSoon(`f:${write.subject.faultId}`, () => loadFault(write.subject.faultId!));
  });

  /**
   * The server's answer to a write goes into the copy at once: the write has left the queue, and until the
   * record is read again the line would otherwise show its old value for a moment.
   */
  function applyAnswer(write: QueuedWrite, answer: unknown): void {
    if (!answer || typeof answer !== 'object') return;
    const { patrolId, faultId, lineKey } = write.subject;
    const patrol = patrolId ? patrols.value[patrolId] : undefined;
    if (patrol && write.kind === 'patrol.photo' && lineKey) {
      const photo = answer as { id: string; bytes: number };
      const uploadedBy = session.me?.username ?? '';
      const photos = [
        ...patrol.photos,
        { id: photo.id, lineKey, contentType: write.body.kind === 'blob' ? write.body.type : '', bytes: photo.bytes, uploadedBy, createdAt: new Date().toISOString() },
      ];
      patrols.value = { ...patrols.value, [patrol.id]: { ...patrol, photos } };
    } else if (patrol) {
      const { lines: _lines, photos: _photos, ...changed } = answer as Partial<PatrolDetail>;
      const results = changed.results ?? patrol.results;
      const lines = patrol.lines.map((l) => ({ ...l, result: results.find((r) => r.lineKey === l.lineKey) ?? null }));
      patrols.value = { ...patrols.value, [patrol.id]: { ...patrol, ...changed, results, lines } };
    }
    const fault = faultId ? faults.value[faultId] : undefined;
    if (fault) faults.value = { ...faults.value, [fault.id]: { ...fault, ...(answer as Partial<FaultDetail>), history: fault.history } };
    persist();
  }

  return { myPatrols, myFaults, sites, devices, patrols, faults, offlineSince, savedAt, loadMine, loadPatrol, loadFault, deviceName };
});
