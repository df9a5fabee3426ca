import type { DeviceType } from '@vigil/domain/assets/device-type';
import type { OnCallRota } from '@vigil/domain/alerting/oncall-rota';
import type { Role } from '@vigil/domain/identity/role';
import type { UserScope } from '@vigil/domain/identity/user';
import type { ChecklistTemplate } from '@vigil/domain/patrols/checklist';
import type { PatrolKind } from '@vigil/domain/patrols/patrol-period';

/**
 * What the admin screens for people, rotas, windows and plans read from the API, as it arrives in JSON
 * (instants as ISO strings). The document does not type these answers; the server's domain types do.
 */
export interface Page<T> {
  items: T[];
  total: number;
}

export interface AdminUser {
  id: string;
  username: string;
  displayName: string | null;
  email: string | null;
  role: Role;
  active: boolean;
  scope: UserScope | null;
  createdAt: string;
  updatedAt: string;
}

export interface SiteRow {
  id: string;
  code: string;
  name: string;
  region: string;
  parentId: string | null;
  customerId: string | null;
  contractId: string | null;
  timeZone: string;
}

export interface CustomerRow {
  id: string;
  name: string;
}

export interface ContractRow {
  id: string;
  customerId: string;
  name: string;
  timeZone: string;
  startsOn: string;
  endsOn: string;
  faultRules?: Record<string, unknown> | null;
}

export interface DeviceRow {
  id: string;
  type: DeviceType;
  siteId: string;
  name: string | null;
}

export type RotaRow = Omit<OnCallRota, 'createdAt' | 'updatedAt'> & {
  createdAt: string;
  updatedAt: string;
  /** Who is on call as the list was read. */
  now?: { primary: string | null; backup: string | null };
};

export interface WindowRow {
  id: string;
  name: string;
  startsAt: string;
  endsAt: string;
  siteIds: string[] | null;
  deviceIds: string[] | null;
  reason: string | null;
  createdBy: string;
  createdAt: string;
}

export interface PlanRow {
  id: string;
  contractId: string | null;
  kind: PatrolKind;
  templateId: string;
  siteIds: string[] | null;
  schedule: { kind: PatrolKind; timeZone: string; weeklyAt?: string; dueAfterDays?: number; cron?: string; durationMinutes?: number };
  startsOn: string;
  active: boolean;
  createdAt: string;
}

export type TemplateRow = ChecklistTemplate;

export interface TestDeliveryRow {
  channel: 'email' | 'webhook';
  recipient: string;
  userId: string | null;
  status: 'sent' | 'failed' | 'skipped';
  detail: string | null;
}
