import { ALL_ROLES, type Role } from './role';

const MANAGERS: readonly Role[] = ['admin', 'supervisor'];
const DESK: readonly Role[] = ['admin', 'supervisor', 'operator', 'auditor'];

/**
 * What each role may do: the one table every access decision starts from. Where a thing belongs to a
 * site or customer, the user's scope is checked on top of it (see AccessPolicy). `*.read` permissions
 * only read; everything else changes something, so auditors never hold one.
 */
export const PERMISSIONS = {
  'self.read': ALL_ROLES,
  'estate.read': ALL_ROLES,
  'site.write': MANAGERS,
  'device.write': MANAGERS,
  'device.credentials': MANAGERS,
  // gateways ([15]): edge agents and video-quality servers, their logins and the devices they publish for
  'gateway.read': MANAGERS,
  'gateway.write': MANAGERS,
  /** The agent's own routes (config, discoveries): its gateway login is the credential, no user holds it. */
  'agent.gateway': [],
  'customer.write': MANAGERS,
  'contract.write': MANAGERS,
  'calendar.write': ['admin'],
  'user.read': DESK,
  'user.write': ['admin'],
  'ingest.read': ALL_ROLES,
  'ingest.diagnostics.read': DESK,
  'ingest.discovered.write': MANAGERS,
  'fault.read': ALL_ROLES,
  'fault.report': ['supervisor', 'operator'],
  'fault.acknowledge': ['supervisor', 'operator', 'engineer'],
  'fault.dispatch': ['supervisor', 'operator'],
  'fault.arrive': ['supervisor', 'engineer'],
  'fault.restore': ['supervisor', 'operator', 'engineer'],
  'fault.close': ['supervisor', 'engineer'],
  'fault.pause': ['supervisor', 'operator'],
  'sla.read': DESK,
  'oncall.read': ALL_ROLES,
  'oncall.write': MANAGERS,
  'alert.volume.read': MANAGERS,
  'maintenance-window.read': ALL_ROLES,
  'maintenance-window.create': ['admin', 'supervisor', 'operator'],
  'maintenance-window.delete': MANAGERS,
  'patrol.read': ALL_ROLES,
  'patrol.assign': ['supervisor', 'operator'],
  'patrol.work': ['supervisor', 'engineer'],
  'patrol.sign': ['supervisor', 'engineer'],
  'patrol-plan.write': MANAGERS,
  'patrol-template.write': MANAGERS,
  'report.read': DESK,
  /** Video figures ([14]): recorded, kept, usable; every role reads those of what it may see (engineers their sites, a customer its own). */
  'video.read': ALL_ROLES,
  /** The maintenance archive: every role reads the archive of what it may see (a customer traces its own estate). */
  'archive.read': ALL_ROLES,
  // the feedback register: everyone reads it (auditors too); the desk, supervisors and engineers record and work entries;
  // closing (the customer's matter settled) is for those who answer to the customer: operators, supervisors, admins
  'feedback.read': ALL_ROLES,
  'feedback.write': ['admin', 'supervisor', 'operator', 'engineer'],
  'feedback.close': ['admin', 'supervisor', 'operator'],
  // callbacks (回访) and satisfaction surveys: made by the desk, never by the engineer who did the job
  'callback.read': DESK,
  'callback.assign': ['supervisor', 'operator'],
  'callback.record': ['supervisor', 'operator'],
  'survey.read': DESK,
  'survey.write': ['supervisor', 'operator'],
  'service-record.read': ALL_ROLES,
  'service-record.write': ['supervisor', 'operator', 'engineer'],
  'service-record.sign': ['supervisor', 'engineer'],
  'customer-link.read': ALL_ROLES,
  'customer-link.send': ['supervisor', 'operator', 'engineer'],
  'customer-link.revoke': ['admin', 'supervisor', 'operator'],
  // the public link routes: the token is the credential, this names them in the OpenAPI document
  'customer-link.use': ALL_ROLES,
  // spare parts: the contractor's stores, read by those who work faults and audit; counts changed by managers; parts on a fault
  // reserved, issued and fitted by those who work faults
  'stock.read': ['admin', 'supervisor', 'operator', 'engineer', 'auditor'],
  'stock.write': MANAGERS,
  'fault.parts': ['supervisor', 'operator', 'engineer'],
  'dashboard.read': ALL_ROLES,
  // loaners (备机) and returns to the vendor (RMA): read by the desk and the engineer, lent and tracked by the desk
  'loaner.read': ALL_ROLES,
  'loaner.write': ['admin', 'supervisor', 'operator'],
  'rma.read': ALL_ROLES,
  'rma.write': ['admin', 'supervisor', 'operator'],
  'audit.read': ['auditor', 'admin'],
  'audit.checkpoint': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && Object.hasOwn(PERMISSIONS, value);
}

/** Whether a role holds a permission; the platform's own jobs (role `system`) hold every one. */
export function roleMay(role: Role | 'system', permission: Permission): boolean {
  return role === 'system' || (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Reads only: the customer of a site in scope may be read, but only a whole customer in scope may be changed. */
export function isReadPermission(permission: Permission): boolean {
  return permission.endsWith('.read');
}
