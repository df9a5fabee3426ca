import { computed, onScopeDispose, ref, shallowRef, watch } from 'vue';
import type { FaultEventPayload } from '@vigil/domain/dashboard/socket-events';
import type { FaultLevel } from '@vigil/domain/sla/sla-policy';
import { api, ApiError } from '@web/api/http';
import type { FaultChange } from '@web/live/fault-feed';
import { useLiveFeed } from '@web/stores/live-feed';
import { backoffMs, Coalescer } from './wall-live';
import type { WallOverview } from './types';

/** The overview is read again at most this often while faults and statuses change. */
const REFRESH_GAP_MS = 3000;
/** And at least this often when nothing changes (device counts, patrols). */
const REFRESH_EVERY_MS = 60_000;
/** The newest-faults list is recomputed at most this often, however many events arrive. */
const FAULTS_GAP_MS = 1000;
/** A socket down this long is made again (socket.io does not reconnect after the server ended it). */
const SOCKET_GRACE_MS = 5000;
export const NEWEST_FAULTS = 10;

/** The newest open top-level faults of the feed, newest first. */
export function newestFaults(faults: Iterable<FaultEventPayload>, count = NEWEST_FAULTS): FaultEventPayload[] {
  const top: FaultEventPayload[] = [];
  for (const f of faults) if (f.parentFaultId === null && f.state !== 'closed') top.push(f);
  return top.sort((a, b) => b.openedAt.localeCompare(a.openedAt) || a.id.localeCompare(b.id)).slice(0, count);
}

/**
 * What the wall shows, kept up without a person: the overview over REST (retried with backoff, reloaded
 * after live changes, at most every 3 s), the live feed over the socket (made again when it stays down),
 * and whether either is away, for a discreet mark. What was last drawn stays on screen meanwhile.
 */
export function useWallData(onChanges: (changes: FaultChange[]) => void) {
  const feed = useLiveFeed();
  const overview = shallowRef<WallOverview | null>(null);
  const restFailing = ref(false);
  const everConnected = ref(false);
  const summary = ref<Record<FaultLevel, number> | null>(null);
  const faults = shallowRef<FaultEventPayload[]>([]);
  let failures = 0;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let watchdog: ReturnType<typeof setTimeout> | null = null;
  let socketAttempts = 0;

  async function load(): Promise<void> {
    if (retry !== null) clearTimeout(retry);
    retry = null;
    try {
      const { data } = await api.GET('/api/dashboard/overview');
      const next = data as unknown as WallOverview;
      overview.value = next;
      // the live summary is newer while the socket is up; the overview's stands in when it is not
      if (!feed.connected || !feed.state.snapshotAt) summary.value = { ...next.summary };
      failures = 0;
      restFailing.value = false;
    } catch (err) {
      // a 401 sends the person to sign in (the client does that); anything else is the network or a restart: try again
      if (err instanceof ApiError && err.status === 401) return;
      restFailing.value = true;
      retry = setTimeout(() => refresh.request(), backoffMs(failures));
      failures += 1;
    }
  }

  const refresh = new Coalescer(load, REFRESH_GAP_MS);
  const faultList = new Coalescer(() => {
    // a socket made again starts empty until its snapshot: keep what was drawn
    if (feed.connected && feed.state.snapshotAt) faults.value = newestFaults(feed.state.faults.values());
  }, FAULTS_GAP_MS);

  watch(
    () => feed.version,
    () => {
      if (!feed.connected || !feed.state.snapshotAt) return;
      summary.value = { ...feed.state.summary };
      faultList.request();
    },
  );

  const offFaults = feed.onFaultChanges((changes) => {
    refresh.request();
    onChanges(changes);
  });
  const offStatus = feed.onDeviceStatus(() => refresh.request());

  function armWatchdog(): void {
    if (watchdog !== null) clearTimeout(watchdog);
    watchdog = setTimeout(
      () => {
        watchdog = null;
        if (feed.connected) return;
        feed.disconnect();
        feed.connect();
        socketAttempts += 1;
        armWatchdog();
      },
      SOCKET_GRACE_MS + backoffMs(socketAttempts),
    );
  }

  watch(
    () => feed.connected,
    (up) => {
      if (up) {
        everConnected.value = true;
        socketAttempts = 0;
        if (watchdog !== null) clearTimeout(watchdog);
        watchdog = null;
        // back after a break: what changed meanwhile is in the new snapshot and the overview
        refresh.request();
      } else armWatchdog();
    },
  );

  const periodic = setInterval(() => refresh.request(), REFRESH_EVERY_MS);
  feed.connect();
  if (!feed.connected) armWatchdog();
  else everConnected.value = true;
  refresh.request();

  onScopeDispose(() => {
    refresh.stop();
    faultList.stop();
    offFaults();
    offStatus();
    clearInterval(periodic);
    if (retry !== null) clearTimeout(retry);
    if (watchdog !== null) clearTimeout(watchdog);
  });

  const reconnecting = computed(() => restFailing.value || (everConnected.value && !feed.connected));
  return { feed, overview, summary, faults, reconnecting, restFailing, refresh: () => refresh.request() };
}
