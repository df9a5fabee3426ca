import { io, type Socket } from 'socket.io-client';
import { DASHBOARD_NAMESPACE, type DashboardServerEvents } from '@vigil/domain/dashboard/socket-events';

export type DashboardSocket = Socket<DashboardServerEvents>;

/**
 * The live feed, typed by the gateway's own event map. socket.io reconnects by itself (also across a server
 * restart); every (re)connect brings a fresh snapshot, so a page never needs a person to reload it.
 */
export function connectDashboard(token: string): DashboardSocket {
  return io(DASHBOARD_NAMESPACE, { auth: { token }, transports: ['websocket', 'polling'], reconnectionDelayMax: 5000 });
}
