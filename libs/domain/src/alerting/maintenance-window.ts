import { DAY_MS } from '../sla/working-calendar';

/** A period when alerts are muted for chosen sites or devices; detection and faults go on. */
export interface MaintenanceWindow {
  id: string;
  name: string;
  startsAt: Date;
  endsAt: Date;
  siteIds: string[] | null;
  deviceIds: string[] | null;
  reason: string | null;
  createdBy: string;
  createdAt: Date;
}

/** The longest a window may last: long enough for a planned works month, too short to mute a customer for good. */
export const MAX_WINDOW_DAYS = 31;

/** What is wrong with a window's times, naming the field; null when they are fine. */
export function checkWindowTimes(startsAt: Date, endsAt: Date): { field: 'startsAt' | 'endsAt'; message: string } | null {
  if (Number.isNaN(startsAt.getTime())) return { field: 'startsAt', message: 'must be a date' };
  if (Number.isNaN(endsAt.getTime())) return { field: 'endsAt', message: 'must be a date' };
  if (endsAt <= startsAt) return { field: 'endsAt', message: 'must be after startsAt' };
  if (endsAt.getTime() - startsAt.getTime() > MAX_WINDOW_DAYS * DAY_MS) return { field: 'endsAt', message: `a window lasts at most ${MAX_WINDOW_DAYS} days` };
  return null;
}

export function windowMutes(w: MaintenanceWindow, at: Date, siteId: string, deviceId: string | null): boolean {
  if (at < w.startsAt || at >= w.endsAt) return false;
  if (w.siteIds === null && w.deviceIds === null) return true;
  return (w.siteIds?.includes(siteId) ?? false) || (deviceId !== null && (w.deviceIds?.includes(deviceId) ?? false));
}
