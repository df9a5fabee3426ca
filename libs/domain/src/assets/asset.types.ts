import type { Condition } from '../health/condition';
import type { SiteClass } from '../video/video-types';
import type { Criticality, DeviceStatus, DeviceType } from './device-type';

export const REGIONS_DEMO = ['Qingdao', 'province'] as const;

export interface Customer {
  id: string;
  name: string;
  /** Free text, as before the structured fields below. */
  contact?: string | null;
  /** The customer's contact person and where one-time links reach them (SMS, mail, WeCom). */
  contactName?: string | null;
  contactMobile?: string | null;
  contactEmail?: string | null;
  contactWecomId?: string | null;
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
  /** IANA time zone of the site's working-hours calendar. */
  timeZone: string;
  /** On-site cover on working days, local time, e.g. 08:30-17:30 (5×8); working days follow the holiday calendar. */
  workingHours: string;
  /** Its class decides how long its recordings must be kept ([14]); 'general' unless told. */
  siteClass: SiteClass;
  createdAt: Date;
  updatedAt: Date;
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
  installedAt: string | null; // YYYY-MM-DD
  warrantyUntil: string | null; // YYYY-MM-DD
  status: DeviceStatus;
  lastSeenAt: Date | null;
  /** What the last heartbeats showed wrong (disk failed, port down, …); empty when healthy or never heard. */
  conditions: Condition[];
  /** The loan it is away on while a loaner stands in (its silence then says nothing); null or absent when it is in place. */
  awayOnLoan?: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const DEFAULT_HEARTBEAT_INTERVAL_SEC = 30;
export const DEFAULT_WORKING_HOURS = '08:30-17:30';
/** HH:MM-HH:MM, start before end, or 00:00-24:00 for round-the-clock cover. */
export const WORKING_HOURS_PATTERN = /^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
export const DEFAULT_MISSED_HEARTBEATS = 3;
