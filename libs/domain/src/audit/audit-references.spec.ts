import { auditFieldType, auditReferences } from './audit-references';

const entry = (entity: string, entityId: string | null, before: unknown, after: unknown, actor = 'alice') => ({ actor, entity, entityId, before, after });

describe(auditReferences.name, () => {
  it('should name the actor and the thing the entry is about', () => {
    expect(auditReferences(entry('site', 's1', null, { name: 'x' }))).toEqual([
      { type: 'username', id: 'alice' },
      { type: 'site', id: 's1' },
    ]);
  });

  it('should find ids at any depth of before and after, in lists too, once each', () => {
    const refs = auditReferences(
      entry('fault', 'f1', { siteId: 's1', deviceId: 'CAM-1', assigneeId: null }, { siteId: 's1', deviceId: 'CAM-1', assigneeId: 'u1', parentFaultId: 'f0' }),
    );
    expect(refs).toEqual(
      expect.arrayContaining([
        { type: 'fault', id: 'f1' },
        { type: 'site', id: 's1' },
        { type: 'device', id: 'CAM-1' },
        { type: 'user', id: 'u1' },
        { type: 'fault', id: 'f0' },
      ]),
    );
    expect(refs).toHaveLength(6);
    const scoped = auditReferences(entry('user', 'u2', null, { scope: { customerIds: ['c1'], siteIds: ['s2', 's3'] } }));
    expect(scoped).toEqual(
      expect.arrayContaining([
        { type: 'customer', id: 'c1' },
        { type: 'site', id: 's2' },
        { type: 'site', id: 's3' },
      ]),
    );
    const rota = auditReferences(entry('oncall-rota', 'r1', null, { members: ['u1', 'u2'], overrides: [{ userId: 'u3' }] }));
    expect(rota.filter((r) => r.type === 'user').map((r) => r.id)).toEqual(['u1', 'u2', 'u3']);
  });

  it("should read a parent as the entity's own kind and leave things without names alone", () => {
    expect(auditFieldType('site', 'parentId')).toBe('site');
    expect(auditFieldType('device', 'parentId')).toBe('device');
    expect(auditFieldType('patrol-plan', 'parentId')).toBeNull();
    expect(auditReferences(entry('checklist-template', 'monthly@2', null, { kind: 'monthly' }))).toEqual([{ type: 'username', id: 'alice' }]);
  });
});
