import type { Actor, AuditAction, AuditEntry, Page, Role, Site, UserScope } from '@vigil/domain';
import type { AuditService } from '../audit/audit.service';
import { ForbiddenError, NotFoundError } from '../errors';
import { SiteRepository, TransactionRunner } from '../ports';
import { AccessPolicy } from './access-policy';

const unexpected = (name: string) => () => {
  throw new Error(`${name} was not expected to be called`);
};

/** Only the site list is read by the policy; anything else is a mistake. */
class FakeSiteRepository extends SiteRepository {
  constructor(private readonly sites: Site[]) {
    super();
  }
  listAll = async () => this.sites;
  findById = unexpected('findById') as () => Promise<Site | null>;
  findByCode = unexpected('findByCode') as () => Promise<Site | null>;
  list = unexpected('list') as () => Promise<Page<Site>>;
  insert = unexpected('insert') as () => Promise<void>;
  update = unexpected('update') as () => Promise<void>;
  delete = unexpected('delete') as () => Promise<void>;
  countChildren = unexpected('countChildren') as () => Promise<number>;
}

class FakeAudit {
  readonly entries: { actor: string; action: AuditAction; entity: string; entityId: string | null; after: unknown; inTransaction: boolean }[] = [];
  constructor(private readonly tx: FakeTransactionRunner) {}
  async record(actor: Actor, action: AuditAction, entity: string, entityId: string | null, _before: unknown, after: unknown): Promise<AuditEntry> {
    this.entries.push({ actor: actor.username, action, entity, entityId, after, inTransaction: this.tx.open });
    return {} as AuditEntry;
  }
}

class FakeTransactionRunner extends TransactionRunner {
  open = false;
  async run<T>(work: () => Promise<T>): Promise<T> {
    this.open = true;
    try {
      return await work();
    } finally {
      this.open = false;
    }
  }
  afterCommit = unexpected('afterCommit');
}

function site(id: string, customerId: string | null, parentId: string | null = null): Site {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    id,
    code: id,
    name: id,
    region: 'Qingdao',
    parentId,
    customerId,
    contractId: null,
    address: null,
    timeZone: 'Asia/Shanghai',
    workingHours: '08:30-17:30',
    siteClass: 'general',
    createdAt: at,
    updatedAt: at,
  };
}

// customer A: a1 (with a1-1 under it); customer B: b1 (with b1-1, and b1-1-1 under that), b2
const SITES = [site('a1', 'A'), site('a1-1', 'A', 'a1'), site('b1', 'B'), site('b1-1', 'B', 'b1'), site('b1-1-1', 'B', 'b1-1'), site('b2', 'B')];

function actor(role: Role, scope: UserScope | null = null): Actor {
  return { userId: `${role}-id`, username: `${role}-user`, role, scope };
}

describe(AccessPolicy.name, () => {
  let audit: FakeAudit;
  let policy: AccessPolicy;

  beforeEach(() => {
    const tx = new FakeTransactionRunner();
    audit = new FakeAudit(tx);
    policy = new AccessPolicy(new FakeSiteRepository(SITES), audit as unknown as AuditService, tx);
  });

  describe('roles', () => {
    it('should refuse a role without the permission with ForbiddenError and record one access-denied entry in its own transaction', async () => {
      await expect(policy.require(actor('auditor'), 'device.write')).rejects.toBeInstanceOf(ForbiddenError);
      expect(audit.entries).toEqual([
        { actor: 'auditor-user', action: 'access-denied', entity: 'permission', entityId: null, after: { permission: 'device.write' }, inTransaction: true },
      ]);
    });

    it('should check the role before the scope', async () => {
      await expect(policy.requireSite(actor('engineer', { customerIds: ['B'], siteIds: [] }), 'site.write', 'a1', 'site', 'a1')).rejects.toBeInstanceOf(ForbiddenError);
      expect(audit.entries.map((e) => e.entity)).toEqual(['permission']);
    });

    it('should let a role with the permission pass without recording anything', async () => {
      await policy.require(actor('supervisor'), 'device.write');
      expect(audit.entries).toEqual([]);
    });
  });

  describe('sites', () => {
    const ofB = actor('supervisor', { customerIds: ['B'], siteIds: [] });

    it('should answer NotFoundError for a site outside the scope, recording it as access-denied', async () => {
      await expect(policy.requireSite(ofB, 'estate.read', 'a1', 'device', 'DEV-1')).rejects.toEqual(new NotFoundError('device', 'DEV-1'));
      expect(audit.entries).toEqual([expect.objectContaining({ action: 'access-denied', entity: 'device', entityId: 'DEV-1', after: { permission: 'estate.read' } })]);
    });

    it('should let a site of the scope pass', async () => {
      await policy.requireSite(ofB, 'estate.read', 'b2', 'site', 'b2');
      expect(audit.entries).toEqual([]);
    });

    it('should refuse a thing of the whole estate (null) to a scoped user and allow it to an unscoped one', async () => {
      await expect(policy.requireSite(ofB, 'estate.read', null, 'site', 'x')).rejects.toBeInstanceOf(NotFoundError);
      await policy.requireSites(actor('supervisor'), 'estate.read', null, 'window', 'w');
    });

    it('should cover the sub-sites of a named site, at every depth, and nothing beside it', async () => {
      const ofB1 = actor('operator', { customerIds: [], siteIds: ['b1'] });
      expect(new Set(await policy.siteFilter(ofB1, 'estate.read'))).toEqual(new Set(['b1', 'b1-1', 'b1-1-1']));
      await policy.requireSite(ofB1, 'estate.read', 'b1-1-1', 'site', 'b1-1-1');
      await expect(policy.requireSite(ofB1, 'estate.read', 'b2', 'site', 'b2')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('should refuse a list of sites when one of them is outside', async () => {
      await expect(policy.requireSites(ofB, 'estate.read', ['b1', 'a1-1'], 'window', 'w')).rejects.toEqual(new NotFoundError('window', 'w'));
    });

    it('should give an unscoped user the whole estate (null)', async () => {
      expect(await policy.siteFilter(actor('auditor'), 'estate.read')).toBeNull();
    });
  });

  describe('customers', () => {
    const ofSiteB1 = actor('supervisor', { customerIds: [], siteIds: ['b1'] });
    const ofB = actor('supervisor', { customerIds: ['B'], siteIds: [] });

    it('should let a user read a customer of a site in their scope, but change only a customer their scope names whole', async () => {
      await policy.requireCustomer(ofSiteB1, 'estate.read', 'B', 'customer', 'B');
      await expect(policy.requireCustomer(ofSiteB1, 'contract.write', 'B', 'contract', 'C-B')).rejects.toEqual(new NotFoundError('contract', 'C-B'));
      await policy.requireCustomer(ofB, 'contract.write', 'B', 'contract', 'C-B');
      expect(audit.entries.map((e) => [e.entity, e.entityId])).toEqual([['contract', 'C-B']]);
    });

    it('should hide another customer on reads and writes alike', async () => {
      await expect(policy.requireCustomer(ofB, 'estate.read', 'A', 'customer', 'A')).rejects.toBeInstanceOf(NotFoundError);
      await expect(policy.requireCustomer(ofB, 'contract.write', 'A', 'customer', 'A')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('should filter customers: read those of the sites in scope, write those named', async () => {
      expect(await policy.customerFilter(ofSiteB1, 'estate.read')).toEqual(['B']);
      expect(await policy.customerFilter(ofSiteB1, 'contract.write')).toEqual([]);
      expect(await policy.customerFilter(actor('admin'), 'contract.write')).toBeNull();
    });
  });

  describe('the whole estate and covering scopes', () => {
    it('should refuse a thing of the whole estate to a scoped user with ForbiddenError', async () => {
      await expect(policy.requireWholeEstate(actor('admin', { customerIds: ['B'], siteIds: [] }), 'calendar.write')).rejects.toBeInstanceOf(ForbiddenError);
      expect(audit.entries).toEqual([expect.objectContaining({ action: 'access-denied', entity: 'estate' })]);
      await policy.requireWholeEstate(actor('admin'), 'calendar.write');
    });

    it('should say a scope lies inside another only when its sites and customers do', async () => {
      const ofB = actor('admin', { customerIds: ['B'], siteIds: [] });
      expect(await policy.covers(ofB, { customerIds: [], siteIds: ['b1'] })).toBe(true);
      expect(await policy.covers(ofB, { customerIds: ['B'], siteIds: [] })).toBe(true);
      expect(await policy.covers(ofB, { customerIds: [], siteIds: ['a1'] })).toBe(false);
      expect(await policy.covers(ofB, null)).toBe(false);
      // the same sites today, but a customer named whole would also bring B's future sites
      expect(await policy.covers(actor('admin', { customerIds: [], siteIds: ['b1', 'b2'] }), { customerIds: ['B'], siteIds: [] })).toBe(false);
      expect(await policy.covers(actor('admin'), null)).toBe(true);
    });
  });
});
