import { auditOwner, auditVisible } from './audit-owner';

const entry = (entity: string, entityId: string | null, after: unknown, action = 'create', before: unknown = null) => ({ action, entity, entityId, before, after });

describe(auditOwner.name, () => {
  it('should give a site entry to that site and its customer', () => {
    expect(auditOwner(entry('site', 's1', { id: 's1', customerId: 'c1' }))).toEqual({ siteId: 's1', customerId: 'c1' });
  });

  it('should give an entry naming a siteId to that site, a contract to its customer, a customer to itself', () => {
    expect(auditOwner(entry('device', 'd1', { siteId: 's1' }))).toEqual({ siteId: 's1', customerId: null });
    expect(auditOwner(entry('contract', 'k1', { customerId: 'c1' }))).toEqual({ siteId: null, customerId: 'c1' });
    expect(auditOwner(entry('customer', 'c1', { id: 'c1', name: 'x' }))).toEqual({ siteId: null, customerId: 'c1' });
  });

  it('should read a deleted thing from its before', () => {
    expect(auditOwner(entry('device', 'd1', null, 'delete', { siteId: 's1' }))).toEqual({ siteId: 's1', customerId: null });
  });

  it('should leave users, logins, refused accesses and things over several sites to the whole estate', () => {
    expect(auditOwner(entry('user', 'u1', { siteId: 's1', scope: { customerIds: ['c1'] } }))).toEqual({ siteId: null, customerId: null });
    expect(auditOwner(entry('device', 'd1', { permission: 'x', siteId: 's1' }, 'access-denied'))).toEqual({ siteId: null, customerId: null });
    expect(auditOwner(entry('maintenance-window', 'w1', { siteIds: ['s1', 's2'] }))).toEqual({ siteId: null, customerId: null });
    expect(auditOwner(entry('device', 'd1', { siteId: 42 }))).toEqual({ siteId: null, customerId: null });
  });
});

describe(auditVisible.name, () => {
  const scope = { siteIds: ['s1'], wholeCustomerIds: ['c1'], readCustomerIds: ['c1', 'c2'] };

  it('should show everything to an unscoped reader', () => {
    expect(auditVisible({ siteId: null, customerId: null }, null)).toBe(true);
  });

  it("should show a scope its sites' entries, its whole customers' entries, and the records of customers it reads through a site", () => {
    expect(auditVisible({ siteId: 's1', customerId: null }, scope)).toBe(true);
    expect(auditVisible({ siteId: 'gone', customerId: 'c1' }, scope)).toBe(true);
    expect(auditVisible({ siteId: null, customerId: 'c2' }, scope)).toBe(true);
  });

  it("should hide another site of a customer read only through a site, other customers, and the estate's entries", () => {
    expect(auditVisible({ siteId: 's9', customerId: 'c2' }, scope)).toBe(false);
    expect(auditVisible({ siteId: null, customerId: 'c3' }, scope)).toBe(false);
    expect(auditVisible({ siteId: null, customerId: null }, scope)).toBe(false);
  });
});
