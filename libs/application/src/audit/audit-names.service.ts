import { Injectable } from '@nestjs/common';
import { auditRefKey, auditReferences, roleMay, type Actor, type AuditEntry, type AuditName, type AuditReferenceType, type AuditVisibility } from '@vigil/domain';
import { AccessPolicy } from '../identity/access-policy';
import { usersVisibleTo } from '../identity/user-visibility';
import { ContractRepository, CustomerRepository, DeviceRepository, FaultRepository, PatrolRepository, SiteRepository, UserRepository } from '../ports';

/** Faults and patrols looked up one by one when an entry does not carry them (refusals, patrol lines): at most this many per page. */
const SUBJECT_LOOKUPS = 50;

interface Subject {
  siteId: string;
  deviceId?: string | null;
  kind: string;
  period?: string;
}

const asRecord = (v: unknown): Record<string, unknown> | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/** A fault's or patrol's site, device and kind from the entry itself (its before/after is the whole record), so most need no lookup. */
function subjectInEntry(e: AuditEntry): Subject | null {
  const content = asRecord(e.after) ?? asRecord(e.before);
  if (!content || typeof content.siteId !== 'string' || typeof content.kind !== 'string') return null;
  return {
    siteId: content.siteId,
    deviceId: typeof content.deviceId === 'string' ? content.deviceId : null,
    kind: content.kind,
    period: typeof content.period === 'string' ? content.period : undefined,
  };
}

/**
 * The names of what a page of the trail names by id (sites, devices, customers, contracts, users, faults,
 * patrols, actors), in one read per kind of thing, so the page shows names and never looks ids up itself.
 * Scoped like the trail: a reader limited to some sites gets names of those sites' things, of the customers
 * it reads, and of the users it may see; anything else stays an id (as the entry itself shows it).
 */
@Injectable()
export class AuditNamesService {
  constructor(
    private readonly sites: SiteRepository,
    private readonly devices: DeviceRepository,
    private readonly customers: CustomerRepository,
    private readonly contracts: ContractRepository,
    private readonly users: UserRepository,
    private readonly faults: FaultRepository,
    private readonly patrols: PatrolRepository,
    private readonly access: AccessPolicy,
  ) {}

  /** `visibleTo`: what the reader may see of the trail (null: all of it), as the trail service worked it out. */
  async of(actor: Actor, visibleTo: AuditVisibility | null, entries: readonly AuditEntry[]): Promise<Record<string, AuditName>> {
    const wanted = new Map<AuditReferenceType, Set<string>>();
    const want = (type: AuditReferenceType, id: string | null | undefined) => {
      if (id) (wanted.get(type) ?? wanted.set(type, new Set()).get(type)!).add(id);
    };
    for (const e of entries) for (const r of auditReferences(e)) want(r.type, r.id);

    const subjects = new Map<string, Subject>();
    for (const e of entries) {
      const subject = (e.entity === 'fault' || e.entity === 'patrol') && e.entityId ? subjectInEntry(e) : null;
      if (subject) subjects.set(auditRefKey(e.entity as 'fault' | 'patrol', e.entityId!), subject);
    }
    await this.lookUpSubjects(wanted, subjects);
    for (const s of subjects.values()) {
      want('site', s.siteId);
      want('device', s.deviceId);
    }

    const siteVisible = (id: string) => visibleTo === null || visibleTo.siteIds.includes(id);
    const customerVisible = (id: string | null) => id !== null && (visibleTo === null || visibleTo.readCustomerIds.includes(id));
    const ids = (type: AuditReferenceType) => [...(wanted.get(type) ?? [])];
    const [sites, devices, customers, contracts, users] = await Promise.all([
      ids('site').length ? this.sites.listAll() : [],
      ids('device').length ? this.devices.findByIds(ids('device')) : [],
      ids('customer').length ? this.customers.list() : [],
      ids('contract').length ? this.contracts.list() : [],
      (ids('user').length || ids('username').length) && roleMay(actor.role, 'user.read') ? this.users.list({}, {}).then((p) => usersVisibleTo(this.access, actor, p.items)) : [],
    ]);

    const names: Record<string, AuditName> = {};
    const siteName = new Map(sites.filter((s) => wanted.get('site')?.has(s.id) && siteVisible(s.id)).map((s) => [s.id, s.name]));
    for (const [id, name] of siteName) names[auditRefKey('site', id)] = { name };
    const deviceName = new Map(devices.filter((d) => siteVisible(d.siteId)).map((d) => [d.id, d.name ?? d.id]));
    for (const [id, name] of deviceName) names[auditRefKey('device', id)] = { name };
    for (const c of customers) if (wanted.get('customer')?.has(c.id) && customerVisible(c.id)) names[auditRefKey('customer', c.id)] = { name: c.name };
    for (const c of contracts) if (wanted.get('contract')?.has(c.id) && customerVisible(c.customerId)) names[auditRefKey('contract', c.id)] = { name: c.name };
    for (const u of users) {
      if (wanted.get('user')?.has(u.id)) names[auditRefKey('user', u.id)] = { name: u.displayName ?? u.username };
      if (u.displayName && wanted.get('username')?.has(u.username)) names[auditRefKey('username', u.username)] = { name: u.displayName };
    }
    for (const [key, s] of subjects) {
      const site = siteName.get(s.siteId);
      if (site === undefined) continue;
      const device = s.deviceId ? (deviceName.get(s.deviceId) ?? s.deviceId) : null;
      names[key] = { name: device ? `${device} · ${site}` : site, kind: s.kind, ...(s.period ? { period: s.period } : {}) };
    }
    return names;
  }

  /** Faults and patrols no entry of the page carries, read one by one (a page names few). */
  private async lookUpSubjects(wanted: Map<AuditReferenceType, Set<string>>, subjects: Map<string, Subject>): Promise<void> {
    const missing = (['fault', 'patrol'] as const).flatMap((type) =>
      [...(wanted.get(type) ?? [])].filter((id) => !subjects.has(auditRefKey(type, id))).map((id) => ({ type, id })),
    );
    const found = await Promise.all(
      missing.slice(0, SUBJECT_LOOKUPS).map(async ({ type, id }) => {
        const thing = type === 'fault' ? await this.faults.findById(id) : await this.patrols.findById(id);
        return thing
          ? ([
              auditRefKey(type, id),
              { siteId: thing.siteId, deviceId: 'deviceId' in thing ? thing.deviceId : null, kind: thing.kind, period: 'period' in thing ? thing.period : undefined },
            ] as const)
          : null;
      }),
    );
    for (const f of found) if (f) subjects.set(f[0], f[1]);
  }
}
