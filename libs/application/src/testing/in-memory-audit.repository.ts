import {
  auditOwner,
  auditVisible,
  hashAuditEntry,
  headSigned,
  nextLink,
  sealHead,
  signCheckpoint,
  type AuditCheckpoint,
  type AuditEntry,
  type AuditHead,
  type AuditRecord,
  type Page,
  type PageRequest,
} from '@vigil/domain';
import { AuditRepository, type AuditFilter } from '../ports';

const roundTrip = (value: unknown): unknown => (value === undefined || value === null ? null : JSON.parse(JSON.stringify(value)));

/**
 * The audit chain in memory, linked, hashed and signed as the TypeORM adapter does it. Its arrays are
 * public so a spec can change them behind the service's back, as someone with the database would.
 */
export class InMemoryAuditRepository extends AuditRepository {
  entries: AuditEntry[] = [];
  stored: AuditCheckpoint[] = [];
  signed: AuditHead | null = null;

  constructor(private readonly key: () => string) {
    super();
  }

  async append(record: AuditRecord): Promise<AuditEntry> {
    const last = this.entries.at(-1) ?? null;
    const link = nextLink(this.key(), this.signed, last);
    const stored = { ...record, before: roundTrip(record.before), after: roundTrip(record.after) };
    const hash = hashAuditEntry(link.id, link.prevHash, stored);
    const entry: AuditEntry = { ...stored, ...auditOwner(stored), id: link.id, prevHash: link.prevHash, hash };
    this.entries.push(entry);
    if (link.count !== null) this.signed = sealHead(this.key(), link.id, hash, link.count);
    return { ...entry };
  }

  async list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>> {
    const all = this.matching(filter);
    const offset = page.offset ?? 0;
    return { items: all.slice(offset, offset + (page.limit ?? 50)), total: all.length };
  }

  async page(afterId: number, limit: number, filter: AuditFilter = {}): Promise<AuditEntry[]> {
    return this.matching(filter)
      .filter((e) => e.id > afterId)
      .slice(0, limit);
  }

  async head(): Promise<{ id: number; hash: string; count: number } | null> {
    const last = this.entries.at(-1);
    return last ? { id: last.id, hash: last.hash, count: this.entries.length } : null;
  }

  async signedHead(): Promise<{ head: AuditHead | null; lastEntryId: number | null }> {
    return { head: this.signed && { ...this.signed }, lastEntryId: this.entries.at(-1)?.id ?? null };
  }

  async checkpoints(): Promise<AuditCheckpoint[]> {
    return this.stored.map((c) => ({ ...c }));
  }

  async addCheckpoint(c: Omit<AuditCheckpoint, 'id'>): Promise<AuditCheckpoint> {
    const saved = { ...c, id: this.stored.length + 1 };
    this.stored.push(saved);
    return { ...saved };
  }

  async purgeThrough(id: number): Promise<number> {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.id > id);
    const removed = before - this.entries.length;
    if (this.signed && headSigned(this.key(), this.signed)) this.signed = sealHead(this.key(), this.signed.lastId, this.signed.lastHash, this.signed.count - removed);
    return removed;
  }

  async resign(key: string): Promise<number> {
    this.stored = this.stored.map((c) => ({ ...c, signature: signCheckpoint(key, c) }));
    if (this.signed) this.signed = sealHead(key, this.signed.lastId, this.signed.lastHash, this.signed.count);
    return this.stored.length;
  }

  /** The adapter's WHERE clause, in id order. */
  private matching(f: AuditFilter): AuditEntry[] {
    return this.entries
      .filter((e) => (!f.entity || e.entity === f.entity) && (!f.entityId || e.entityId === f.entityId) && (!f.actor || e.actor === f.actor))
      .filter((e) => (!f.from || e.at >= f.from) && (!f.to || e.at <= f.to))
      .filter((e) => !f.visibleTo || auditVisible({ siteId: e.siteId ?? null, customerId: e.customerId ?? null }, f.visibleTo))
      .sort((a, b) => a.id - b.id)
      .map((e) => ({ ...e }));
  }
}
