import { defineStore } from 'pinia';
import { ref, shallowRef, triggerRef } from 'vue';
import { api } from '@web/api/http';
import type { FaultChange } from '@web/live/fault-feed';
import type { FaultRow, Overview, SiteOverview } from '@web/components/fault/types';
import { useLiveFeed } from './live-feed';
import { useSession } from './session';

/** Rows read per request when the console (re)loads the open faults: the live snapshot holds only the newest 200. */
const PAGE = 1000;
/** The site tree's device counts are read again at most this often, however busy the estate. */
const OVERVIEW_EVERY_MS = 10_000;

/** A live event's fields over what the console knew of the fault (its description, plan … stay). */
export function mergeRow(known: FaultRow | undefined, incoming: FaultRow): FaultRow {
  return known ? { ...known, ...incoming } : incoming;
}

/**
 * Every open fault of the operator's scope, kept current: read over REST (all of them, paged) when the console
 * starts and after each reconnect's snapshot, then changed by the live feed's events, a batch of 5,000 in one
 * pass. Views read `rows` when `version` moves (throttled on their side). Also the sites with their counts.
 */
export const useFaults = defineStore('faults', () => {
  const rows = shallowRef(new Map<string, FaultRow>());
  const version = ref(0);
  const loaded = ref(false);
  const loadError = ref<unknown>(null);
  const sites = shallowRef(new Map<string, SiteOverview>());
  const sitesVersion = ref(0);
  let loading: Promise<void> | null = null;
  let loadStartedAt = 0;
  let buffered: FaultChange[] | null = null;
  let unsubscribe: (() => void) | null = null;
  let overviewTimer: ReturnType<typeof setTimeout> | null = null;
  let overviewAt = 0;
  let owner: string | null = null;

  function changed(): void {
    version.value += 1;
    triggerRef(rows);
  }

  function apply(changes: FaultChange[]): void {
    const map = rows.value;
    for (const { type, fault } of changes) {
      if (type === 'cleared' || fault.state === 'closed') map.delete(fault.id);
      else map.set(fault.id, mergeRow(map.get(fault.id), fault as FaultRow));
    }
    changed();
  }

  function onLive(changes: FaultChange[]): void {
    // a (re)connect's snapshot: events may have been missed meanwhile, read everything again
    if (changes.length === 0) {
      if (!loading && Date.now() - loadStartedAt > 3000) void load();
      scheduleOverview();
      return;
    }
    if (buffered) buffered.push(...changes);
    else apply(changes);
    scheduleOverview();
  }

  async function readAll(): Promise<Map<string, FaultRow>> {
    const map = new Map<string, FaultRow>();
    for (let offset = 0; ; offset += PAGE) {
      const { data } = await api.GET('/api/faults', { params: { query: { state: 'open', limit: PAGE, offset } } });
      const page = data as unknown as { items: FaultRow[]; total: number };
      for (const f of page.items) map.set(f.id, f);
      if (page.items.length < PAGE || offset + PAGE >= page.total) return map;
    }
  }

  /** Reads every open fault; events arriving meanwhile are applied over the answer, not lost under it. */
  function load(): Promise<void> {
    if (loading) return loading;
    loadStartedAt = Date.now();
    buffered = [];
    loading = readAll()
      .then((map) => {
        rows.value = map;
        const pending = buffered ?? [];
        buffered = null;
        if (pending.length) apply(pending);
        else changed();
        loaded.value = true;
        loadError.value = null;
      })
      .catch((err: unknown) => {
        if (buffered?.length) apply(buffered);
        buffered = null;
        loadError.value = err;
      })
      .finally(() => {
        loading = null;
      });
    return loading;
  }

  async function loadOverview(): Promise<void> {
    overviewAt = Date.now();
    const { data } = await api.GET('/api/dashboard/overview');
    const overview = data as unknown as Overview;
    sites.value = new Map(overview.sites.map((s) => [s.id, s]));
    sitesVersion.value += 1;
  }

  function scheduleOverview(): void {
    if (overviewTimer) return;
    overviewTimer = setTimeout(
      () => {
        overviewTimer = null;
        loadOverview().catch(() => undefined);
      },
      Math.max(1000, OVERVIEW_EVERY_MS - (Date.now() - overviewAt)),
    );
  }

  /** An action's answer, shown at once (the live event that follows changes nothing more). */
  function upsert(fault: FaultRow): void {
    apply([{ type: fault.state === 'closed' ? 'cleared' : 'updated', fault: fault as never }]);
  }

  /** Connects the live feed and reads the faults and sites; idempotent (the console mounts it on every visit). */
  function start(): void {
    const live = useLiveFeed();
    // another person signed in on this browser: nothing of the last one's scope stays, the socket included
    const me = useSession().me?.username ?? null;
    if (owner !== me) {
      if (owner !== null) live.disconnect();
      stop();
      owner = me;
    }
    live.connect();
    if (!unsubscribe) {
      unsubscribe = live.onFaultChanges(onLive);
      void load();
      loadOverview().catch(() => undefined);
      const device = live.onDeviceStatus(() => scheduleOverview());
      const off = unsubscribe;
      unsubscribe = () => (off(), device());
    }
  }

  function stop(): void {
    unsubscribe?.();
    unsubscribe = null;
    if (overviewTimer) clearTimeout(overviewTimer);
    overviewTimer = null;
    rows.value = new Map();
    sites.value = new Map();
    loaded.value = false;
  }

  return { rows, version, loaded, loadError, sites, sitesVersion, start, stop, load, loadOverview, upsert, apply, receive: onLive };
});
