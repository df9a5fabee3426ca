/** What an id in an audit entry can name: the trail shows the thing's name in its place. `username` is an actor, named by the username. */
export const AUDIT_REFERENCE_TYPES = ['site', 'device', 'customer', 'contract', 'user', 'username', 'fault', 'patrol'] as const;
export type AuditReferenceType = (typeof AUDIT_REFERENCE_TYPES)[number];

/** The thing an entry is about, by its `entity`, where that thing has a name to show. */
const ENTITY_TYPES: Record<string, AuditReferenceType> = {
  site: 'site',
  device: 'device',
  customer: 'customer',
  contract: 'contract',
  user: 'user',
  fault: 'fault',
  patrol: 'patrol',
};

/** Fields of an entry's before/after (at any depth) that hold ids, and what they name. */
const FIELD_TYPES: Record<string, AuditReferenceType> = {
  siteId: 'site',
  siteIds: 'site',
  deviceId: 'device',
  deviceIds: 'device',
  customerId: 'customer',
  customerIds: 'customer',
  contractId: 'contract',
  assigneeId: 'user',
  userId: 'user',
  members: 'user',
  supervisorIds: 'user',
  managerIds: 'user',
  parentFaultId: 'fault',
  faultId: 'fault',
  outage: 'fault',
  // the service desk: who handles a complaint, who did a job (a callback may not be made by them), the record's engineer
  handlerId: 'user',
  doneBy: 'user',
  engineerId: 'user',
  patrolId: 'patrol',
  // spare parts: a van's engineer, whom a part was issued to, who reserved it
  ownerId: 'user',
  issuedTo: 'user',
  reservedBy: 'username',
  createdBy: 'username',
  by: 'username',
  // loans: the away device, who lent and swapped back; a repeat failure's earlier fault
  standsInFor: 'device',
  lentBy: 'username',
  returnedBy: 'username',
  earlierFaultId: 'fault',
};

/** What `field` names in an entry about `entity`: a site's parent is a site, a device's a device. */
export function auditFieldType(entity: string, field: string): AuditReferenceType | null {
  if (field === 'parentId') return entity === 'site' ? 'site' : entity === 'device' ? 'device' : null;
  return FIELD_TYPES[field] ?? null;
}

export function auditEntityType(entity: string): AuditReferenceType | null {
  return ENTITY_TYPES[entity] ?? null;
}

/** The key of a name in the names an audit page carries: `site:<id>`, `username:<name>`… */
export const auditRefKey = (type: AuditReferenceType, id: string): string => `${type}:${id}`;

export interface AuditReference {
  type: AuditReferenceType;
  id: string;
}

/** Walks a value for ids in the fields above; objects and arrays at any depth (a user's scope, a rota's overrides). */
function collect(entity: string, value: unknown, into: Map<string, AuditReference>, depth = 0): void {
  if (depth > 6 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) collect(entity, item, into, depth + 1);
    return;
  }
  for (const [field, v] of Object.entries(value as Record<string, unknown>)) {
    const type = auditFieldType(entity, field);
    const ids = type ? (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x.length > 0) : [];
    for (const id of ids) into.set(auditRefKey(type!, id), { type: type!, id });
    if (!type) collect(entity, v, into, depth + 1);
  }
}

/** Every id an entry names: its actor, the thing it is about, and the ids in its before and after. */
export function auditReferences(entry: { actor: string; entity: string; entityId: string | null; before: unknown; after: unknown }): AuditReference[] {
  const found = new Map<string, AuditReference>();
  found.set(auditRefKey('username', entry.actor), { type: 'username', id: entry.actor });
  const own = auditEntityType(entry.entity);
  if (own && entry.entityId) found.set(auditRefKey(own, entry.entityId), { type: own, id: entry.entityId });
  collect(entry.entity, entry.before, found);
  collect(entry.entity, entry.after, found);
  return [...found.values()];
}

/** A name the trail shows for an id; a fault or patrol also carries its kind (and a patrol its period) for the page to name in the reader's language. */
export interface AuditName {
  name: string;
  kind?: string;
  period?: string;
}
