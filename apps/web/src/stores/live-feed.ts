import { defineStore } from 'pinia';
import { ref, shallowRef, triggerRef } from 'vue';
import type { DeviceStatusPayload, FaultEventPayload } from '@vigil/domain/dashboard/socket-events';
import type { FaultLevel } from '@vigil/domain/sla/sla-policy';
import { connectDashboard, type DashboardSocket } from '@web/api/socket';
import { applyChange, applySnapshot, emptyFeed, type FaultChange, type FeedState } from '@web/live/fault-feed';
import { useSession } from './session';

type Listener = (changes: FaultChange[]) => void;
type DeviceListener = (changes: DeviceStatusPayload[]) => void;

/**
 * The live feed of the /dashboard namespace, shared by the console and the video wall. The open faults are
 * held in one Map behind a shallow ref, and the page is told once per socket message (a batch of 5,000 is
 * one update, not 5,000), so an outage does not keep the main thread busy.
 */
export const useLiveFeed = defineStore('live-feed', () => {
  const state = shallowRef<FeedState>(emptyFeed());
  const connected = ref(false);
  /** Bumped on every change: views recompute what they show from it (and may throttle). */
  const version = ref(0);
  const reconnects = ref(0);
  let socket: DashboardSocket | null = null;
  const listeners = new Set<Listener>();
  const deviceListeners = new Set<DeviceListener>();

  function changed(changes: FaultChange[]): void {
    version.value += 1;
    triggerRef(state);
    for (const listener of listeners) listener(changes);
  }

  function connect(): void {
    const token = useSession().token;
    if (socket || !token) return;
    socket = connectDashboard(token);
    socket.on('connect', () => {
      connected.value = true;
    });
    socket.on('disconnect', () => {
      connected.value = false;
      reconnects.value += 1;
    });
    socket.on('snapshot', (snapshot) => {
      applySnapshot(state.value, snapshot);
      changed([]);
    });
    socket.on('summary', (counts: Record<FaultLevel, number>) => {
      state.value.summary = { ...counts };
      state.value.totalOpen = Object.values(counts).reduce((a, b) => a + b, 0);
      version.value += 1;
      triggerRef(state);
    });
    const one = (type: FaultChange['type']) => (fault: FaultEventPayload) => {
      const change = { type, fault };
      if (applyChange(state.value, change)) changed([change]);
    };
    socket.on('fault.opened', one('opened'));
    socket.on('fault.updated', one('updated'));
    socket.on('fault.cleared', one('cleared'));
    socket.on('fault.batch', ({ events }) => {
      const applied = events.filter((change) => applyChange(state.value, change));
      if (applied.length) changed(applied);
    });
    socket.on('device.status', (change) => deviceListeners.forEach((l) => l([change])));
    socket.on('device.status.batch', ({ changes }) => deviceListeners.forEach((l) => l(changes)));
  }

  function disconnect(): void {
    socket?.close();
    socket = null;
    connected.value = false;
    state.value = emptyFeed();
  }

  /** Called with every batch of fault changes (for sounds, notifications, counters); returns the unsubscribe. */
  function onFaultChanges(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  function onDeviceStatus(listener: DeviceListener): () => void {
    deviceListeners.add(listener);
    return () => deviceListeners.delete(listener);
  }

  return { state, connected, version, reconnects, connect, disconnect, onFaultChanges, onDeviceStatus };
});
