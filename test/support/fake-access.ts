import type { Actor, Device, Site } from '@vigil/domain';
import type { AuditService } from '../../libs/application/src/audit/audit.service';
import { AccessPolicy } from '../../libs/application/src/identity/access-policy';
import type { SiteRepository, TransactionRunner } from '../../libs/application/src/ports';
import { strictFake } from './strict-fake';

const AT = new Date('2026-01-01T00:00:00Z');

/** A site for unit specs: under a customer and (optionally) a contract, in Asia/Shanghai unless told. */
export function makeUnitSite(id: string, customerId: string | null, overrides: Partial<Site> = {}): Site {
  return {
    id,
    code: id.toUpperCase(),
    name: `Site ${id}`,
    region: 'Qingdao',
    parentId: null,
    customerId,
    contractId: null,
    address: null,
    timeZone: 'Asia/Shanghai',
    workingHours: '08:30-17:30',
    siteClass: 'general',
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

/** A device for unit specs: an NVR heard at the fixture time, online, with no conditions, unless told. */
export function makeUnitDevice(id: string, siteId: string, overrides: Partial<Device> = {}): Device {
  return {
    id,
    type: 'nvr',
    siteId,
    name: null,
    model: null,
    serial: null,
    firmware: null,
    parentId: null,
    heartbeatIntervalSec: 30,
    criticality: 'normal',
    installedAt: null,
    warrantyUntil: null,
    status: 'online',
    lastSeenAt: AT,
    conditions: [],
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

export interface AuditedEntry {
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  after: unknown;
}

/**
 * The real AccessPolicy over a fixed site list, with a transaction runner that just runs and an audit that
 * keeps what it was told: a spec reads `audited` (refusals are 'access-denied') and may pass `audit` and `tx` on.
 */
export function fakeAccess(sites: Site[]) {
  const audited: AuditedEntry[] = [];
  const tx = strictFake<TransactionRunner>('tx', { run: (work: () => Promise<unknown>) => work() });
  const audit = strictFake<AuditService>('audit', {
    record: async (actor: Actor, action: string, entity: string, entityId: string | null, _before: unknown, after: unknown) => {
      audited.push({ actor: actor.username, action, entity, entityId, after });
      return {} as never;
    },
  });
  const access = new AccessPolicy(strictFake<SiteRepository>('sites', { listAll: async () => sites }), audit, tx);
  return { access, audit, tx, audited, denied: () => audited.filter((e) => e.action === 'access-denied').map((e) => e.entity) };
}

export const unitActor = (role: Actor['role'], customerIds?: string[]): Actor => ({
  userId: `${role}-id`,
  username: `${role}-user`,
  role,
  scope: customerIds ? { customerIds, siteIds: [] } : null,
});
