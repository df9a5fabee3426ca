import type { Criticality, DeviceStatus, DeviceType } from '@vigil/domain/assets/device-type';
import type { SiteClass } from '@vigil/domain/video/video-types';

/**
 * The answers of the estate's routes as the admin screens read them (the OpenAPI document has no response
 * DTOs for these routes; the shapes are the services' own, see libs/application).
 */
export interface Customer {
  id: string;
  name: string;
  contact?: string | null;
}

export interface SlaTargets {
  respondMinutes: number | null;
  arriveMinutes: number | null;
  restoreMinutes: number | null;
  repairWorkingDays: number | null;
}

export interface SlaPolicy {
  timeZone: string;
  regions: string[];
  repairMode: 'calendar-days' | 'rolling-working-time';
  levels: Record<string, Record<string, SlaTargets>>;
}

export interface Contract {
  id: string;
  customerId: string;
  name: string;
  startsOn: string;
  endsOn: string;
  timeZone: string;
  slaPolicy: SlaPolicy;
  faultRules?: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
}

export interface Site {
  id: string;
  code: string;
  name: string;
  region: string;
  parentId: string | null;
  customerId: string | null;
  contractId: string | null;
  address: string | null;
  timeZone: string;
  workingHours: string;
  /** general, bank, school, hotel, key-site or prison ([14]); absent from answers written before it. */
  siteClass?: SiteClass;
}

export interface Device {
  id: string;
  type: DeviceType;
  siteId: string;
  name: string | null;
  model: string | null;
  serial: string | null;
  firmware: string | null;
  parentId: string | null;
  heartbeatIntervalSec: number;
  criticality: Criticality;
  installedAt: string | null;
  warrantyUntil: string | null;
  status: DeviceStatus;
  monitored: boolean;
  lastSeenAt: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface RowError {
  line: number;
  field: string;
  message: string;
}

export interface ImportLine {
  line: number;
  id: string;
  action: 'create' | 'update';
}

/** POST /api/devices/import: `lines` on a dry run only. */
export interface ImportOutcome {
  dryRun: boolean;
  created: number;
  updated: number;
  warnings: RowError[];
  lines?: ImportLine[];
}

export interface HolidaySchedule {
  year: number;
  daysOff: string[];
  makeUpWorkdays: string[];
  source?: string;
}

/** GET /api/calendars/holidays: the loaded years and whether this or next year's is missing. */
export interface HolidayOutlook {
  items: HolidaySchedule[];
  total: number;
  nextYear: number;
  missingNextYear: boolean;
  missingThisYear: boolean;
  warnFrom?: string;
}

export interface MqttSecret {
  username: string;
  password: string;
}
