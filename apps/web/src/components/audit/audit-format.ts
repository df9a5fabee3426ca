import { auditEntityType, auditFieldType, auditRefKey, type AuditName, type AuditReferenceType } from '@vigil/domain/audit/audit-references';
import { localTime } from '@web/composables/local-time';

/** What the formatter needs of vue-i18n: `t` and `te` of the reader's language. */
export interface Texts {
  t: (key: string, params?: Record<string, unknown>) => string;
  te: (key: string) => boolean;
}

/** Everything an entry is shown with: texts, the names of ids (from the API page or the lookups), and the zone times are shown in. */
export interface FormatContext extends Texts {
  names: Record<string, AuditName>;
  zone: string;
}

/** A value as a person reads it: text, or a picture (a signature). */
export type Shown = { text: string } | { image: string };

export interface FieldRow {
  /** The field's path, `signoff.signerName`. */
  key: string;
  label: string;
  before: Shown | null;
  after: Shown | null;
  changed: boolean;
}

export interface EntryLike {
  actor: string;
  role: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

const DASH = '—';
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,/;
/** Nested objects become rows down to this depth; deeper ones are written on one line. */
const ROW_DEPTH = 2;
const INLINE_DEPTH = 3;
const LIST_MAX = 20;
/** Fields that say nothing a person needs in a change: the time of the change is the entry's own. */
const QUIET_IN_CHANGES = new Set(['updatedAt']);

/** Where a field's codes are named, first match wins (a fault kind and a patrol kind are both `kind`). */
const ENUMS: Record<string, string[]> = {
  kind: ['enum.faultKind', 'enum.patrolKind'],
  templateId: ['enum.patrolKind'],
  state: ['enum.faultState', 'patrolBoard.states'],
  level: ['enum.level'],
  maxLevel: ['enum.level'],
  type: ['enum.deviceType'],
  status: ['enum.deviceStatus', 'audit.values.notifyStatus'],
  role: ['enum.role'],
  channel: ['enum.reportChannel', 'audit.values.notifyChannel'],
  criticality: ['audit.values.criticality'],
  source: ['audit.values.source'],
  cover: ['audit.values.cover'],
  outcome: ['audit.values.outcome'],
  step: ['audit.values.slaStep'],
  permission: ['audit.permissions'],
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** `heartbeatIntervalSec` → "Heartbeat interval sec": for a field no text names yet, still no raw code. */
export function humanize(key: string): string {
  const words = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : key;
}

/** A code's name from the first list that names it; vue-i18n paths split on dots, so `n/a` is looked up as `na`. */
/** The service desk's own codes, looked up before the shared lists (a callback's `due` is not a patrol's). */
const ENTITY_ENUMS: Record<string, Record<string, string[]>> = {
  callback: { state: ['enum.callbackStatus'], reason: ['enum.callbackReason'], outcome: ['enum.callbackOutcome'] },
  feedback: { kind: ['enum.feedbackKind'], channel: ['enum.feedbackChannel'], state: ['enum.feedbackState'] },
  survey: { state: ['enum.surveyState'] },
  'service-record': { kind: ['enum.serviceRecordKind'], state: ['enum.serviceRecordState'] },
  store: { kind: ['parts.storeKind'] },
  'fault-part': { state: ['parts.partState'] },
  loaner: { state: ['enum.loanerState'], type: ['enum.deviceType'] },
  loan: { state: ['enum.loanState'] },
  rma: { state: ['enum.rmaState'] },
};

function enumText(x: Texts, field: string, value: string, entity?: string): string | null {
  const code = value === 'n/a' ? 'na' : value;
  const lists = [...((entity && ENTITY_ENUMS[entity]?.[field]) || []), ...(ENUMS[field] ?? [])];
  for (const prefix of lists) if (x.te(`${prefix}.${code}`)) return x.t(`${prefix}.${code}`);
  return null;
}

export function fieldLabel(x: Texts, field: string): string {
  return x.te(`audit.fields.${field}`) ? x.t(`audit.fields.${field}`) : humanize(field);
}

export function actionLabel(x: Texts, action: string): string {
  return x.te(`audit.actions.${action}`) ? x.t(`audit.actions.${action}`) : humanize(action);
}

/** An entity's kind: `maintenance window` (as a refusal names it) reads as `maintenance-window`. */
export function entityKindLabel(x: Texts, entity: string): string {
  const key = entity.replace(/\s+/g, '-');
  return x.te(`audit.entities.${key}`) ? x.t(`audit.entities.${key}`) : humanize(entity);
}

/** The name of an id of a kind, from the names given; a fault or patrol with its kind named; the id itself when no name is known. */
export function nameOf(x: FormatContext, type: AuditReferenceType, id: string): string {
  if (type === 'username' && id === 'system') return x.t('enum.role.system');
  const found = x.names[auditRefKey(type, id)];
  if (!found) return id;
  const kind = found.kind ? (enumText(x, 'kind', found.kind) ?? found.kind) : null;
  return [kind, found.name, found.period].filter(Boolean).join(' · ');
}

/** One value on one line: codes named, ids named, instants in the zone, lists and records spelled out without JSON. */
export function formatInline(x: FormatContext, entity: string, field: string, value: unknown, depth = 0): string {
  if (isEmpty(value)) return DASH;
  const ref = auditFieldType(entity, field);
  if (Array.isArray(value)) {
    const shown = value.slice(0, LIST_MAX).map((v) => formatInline(x, entity, field, v, depth + 1));
    if (value.length > LIST_MAX) shown.push(x.t('audit.trail.more', { n: value.length - LIST_MAX }));
    return shown.join(value.some(isRecord) ? '; ' : ', ');
  }
  if (isRecord(value)) {
    if (depth >= INLINE_DEPTH) return '…';
    return Object.entries(value)
      .filter(([, v]) => !isEmpty(v))
      .map(([k, v]) => `${fieldLabel(x, k)}: ${formatInline(x, entity, k, v, depth + 1)}`)
      .join(' · ');
  }
  if (typeof value === 'boolean') return x.t(value ? 'app.yes' : 'app.no');
  if (typeof value === 'number') return enumText(x, field, String(value), entity) ?? String(value);
  const text = String(value);
  if (ref) return nameOf(x, ref, text);
  // an id of something that has no name to show (a callback's chain, a link): its short form, never the whole id
  if (/Ids?$/.test(field) && UUID.test(text)) return shortId(text);
  if (IMAGE.test(text)) return x.t('audit.trail.image');
  // the zone is named once by the view, not on every time
  if (ISO_INSTANT.test(text)) return localTime(text, x.zone, { withZone: false });
  return enumText(x, field, text, entity) ?? text;
}

export function formatValue(x: FormatContext, entity: string, field: string, value: unknown): Shown {
  if (typeof value === 'string' && IMAGE.test(value)) return { image: value };
  return { text: formatInline(x, entity, field, value) };
}

/** A record as path → value: nested records become their own paths down to ROW_DEPTH; lists stay whole. */
function flatten(value: Record<string, unknown>, prefix = '', depth = 1, into = new Map<string, unknown>()): Map<string, unknown> {
  for (const [k, v] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (isRecord(v) && depth < ROW_DEPTH && Object.keys(v).length > 0) flatten(v, path, depth + 1, into);
    else into.set(path, v);
  }
  return into;
}

const lastPart = (path: string) => path.slice(path.lastIndexOf('.') + 1);
const pathLabel = (x: Texts, path: string) =>
  path
    .split('.')
    .map((p) => fieldLabel(x, p))
    .join(' · ');
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * An entry's before and after as rows of fields a person reads. A change shows the fields that changed
 * (every field with `all`); a creation the fields it was created with; a deletion what was deleted.
 * Neither ids nor codes nor JSON reach the page: ids are named, codes translated, instants local.
 */
export function changeRows(x: FormatContext, entry: Pick<EntryLike, 'entity' | 'entityId' | 'before' | 'after'>, options: { all?: boolean } = {}): FieldRow[] {
  const wrap = (v: unknown): Record<string, unknown> | null => (isRecord(v) ? v : isEmpty(v) ? null : { value: v });
  const before = wrap(entry.before);
  const after = wrap(entry.after);
  if (!before && !after) return [];
  const b = before ? flatten(before) : new Map<string, unknown>();
  const a = after ? flatten(after) : new Map<string, unknown>();
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  const rows: FieldRow[] = [];
  for (const key of keys) {
    const bv = b.get(key);
    const av = a.get(key);
    // the record's own id is the entry's; a secret never is a field
    if ((key === 'id' && (av ?? bv) === entry.entityId) || key === 'passwordHash') continue;
    const changed = before && after ? !same(bv, av) : true;
    if (!options.all) {
      if (before && after && (!changed || QUIET_IN_CHANGES.has(key))) continue;
      if (!(before && after) && isEmpty(av ?? bv)) continue;
    }
    const field = lastPart(key);
    rows.push({
      key,
      label: pathLabel(x, key),
      before: before ? formatValue(x, entry.entity, field, bv) : null,
      after: after ? formatValue(x, entry.entity, field, av) : null,
      changed,
    });
  }
  return rows;
}

/** A single record (a fault history line's detail) as rows. */
export function recordRows(x: FormatContext, entity: string, value: unknown, options: { all?: boolean } = {}): FieldRow[] {
  return changeRows(x, { entity, entityId: null, before: null, after: value }, options);
}

/** Who: a person's name with their username and role; the platform itself as "system". */
export function actorLabel(x: FormatContext, entry: Pick<EntryLike, 'actor' | 'role'>): string {
  if (entry.actor === 'system') return x.t('enum.role.system');
  const name = nameOf(x, 'username', entry.actor);
  const role = x.te(`enum.role.${entry.role}`) ? x.t(`enum.role.${entry.role}`) : entry.role;
  return name === entry.actor ? `${entry.actor} · ${role}` : `${name} (${entry.actor}) · ${role}`;
}

/** What the entry is about, named: "视频丢失 · Gate camera · Site A", a site's name, a template's kind and version. */
export function entityName(x: FormatContext, entry: Pick<EntryLike, 'entity' | 'entityId' | 'before' | 'after'>): string {
  if (!entry.entityId) return '';
  const type = auditEntityType(entry.entity);
  const content = (isRecord(entry.after) ? entry.after : null) ?? (isRecord(entry.before) ? entry.before : null);
  if (type && x.names[auditRefKey(type, entry.entityId)]) return nameOf(x, type, entry.entityId);
  // a thing deleted since (or out of reach): the name it had in the entry itself
  const own = content && typeof content.name === 'string' ? content.name : content && typeof content.displayName === 'string' ? content.displayName : null;
  if (own) return own;
  if (content && typeof content.username === 'string') return content.username;
  if (entry.entity === 'checklist-template') {
    const [kind, version] = entry.entityId.split('@');
    return `${enumText(x, 'kind', kind) ?? kind}${version ? ` v${version}` : ''}`;
  }
  // a thing without a name of its own (a patrol plan): its kind and where
  if (content && typeof content.kind === 'string') {
    const sites = Array.isArray(content.siteIds) ? content.siteIds : typeof content.siteId === 'string' ? [content.siteId] : [];
    return [enumText(x, 'kind', content.kind) ?? content.kind, ...sites.slice(0, 3).map((id) => nameOf(x, 'site', String(id)))].join(' · ');
  }
  return shortId(entry.entityId);
}

/** An id no name stands for, shortened so a row is not a uuid: "a22d5c6b…". */
export function shortId(id: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(id) ? `${id.slice(0, 8)}…` : id;
}
