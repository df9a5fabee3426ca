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

export function windowMutes(w: MaintenanceWindow, at: Date, siteId: string, deviceId: string | null): boolean {
  if (at < w.startsAt || at >= w.endsAt) return false;
  if (w.siteIds === null && w.deviceIds === null) return true;
  return (w.siteIds?.includes(siteId) ?? false) || (deviceId !== null && (w.deviceIds?.includes(deviceId) ?? false));
}
