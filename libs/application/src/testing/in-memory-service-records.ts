import type { Page, PageRequest, ServiceRecord, ServiceRecordCorrection, ServiceRecordKind, ServiceRecordPhoto } from '@vigil/domain';
import { ServiceRecordRepository, type ServiceRecordFilter } from '../ports';

/** Service records in a map, filtered as the database filters them (flagged: stored flags or a shared device signature). */
export class InMemoryServiceRecords extends ServiceRecordRepository {
  readonly rows = new Map<string, ServiceRecord>();
  readonly photoRows: ServiceRecordPhoto[] = [];
  readonly correctionRows: ServiceRecordCorrection[] = [];

  async insert(record: ServiceRecord): Promise<void> {
    this.rows.set(record.id, structuredClone(record));
  }
  async update(record: ServiceRecord): Promise<void> {
    this.rows.set(record.id, structuredClone(record));
  }
  async findById(id: string): Promise<ServiceRecord | null> {
    const r = this.rows.get(id);
    return r ? structuredClone(r) : null;
  }
  async findByJob(kind: ServiceRecordKind, jobId: string): Promise<ServiceRecord[]> {
    return [...this.rows.values()].filter((r) => r.kind === kind && r.jobId === jobId);
  }
  async list(f: ServiceRecordFilter, page: PageRequest): Promise<Page<ServiceRecord>> {
    const copied = (r: ServiceRecord) =>
      r.signoff?.channel === 'engineer-device' && [...this.rows.values()].some((o) => o.id !== r.id && o.signoff?.signatureSha256 === r.signoff?.signatureSha256);
    const items = [...this.rows.values()].filter(
      (r) =>
        (f.siteIds == null || f.siteIds.includes(r.siteId)) &&
        (!f.siteId || r.siteId === f.siteId) &&
        (!f.customerId || r.customerId === f.customerId) &&
        (!f.kind || r.kind === f.kind) &&
        (!f.state || r.state === f.state) &&
        (!f.jobId || r.jobId === f.jobId) &&
        (f.flagged === undefined || f.flagged === (r.flags.length > 0 || copied(r))),
    );
    const from = page.offset ?? 0;
    return { items: items.slice(from, page.limit === undefined ? undefined : from + page.limit), total: items.length };
  }
  async countSignature(sha256: string, exceptId: string): Promise<number> {
    return [...this.rows.values()].filter((r) => r.id !== exceptId && r.signoff?.signatureSha256 === sha256).length;
  }
  async sharedSignatures(sha256s: string[]): Promise<Set<string>> {
    const all = [...this.rows.values()].map((r) => r.signoff?.signatureSha256);
    return new Set(sha256s.filter((h) => all.filter((x) => x === h).length > 1));
  }
  async addPhoto(photo: ServiceRecordPhoto): Promise<void> {
    this.photoRows.push(photo);
  }
  async photos(recordId: string): Promise<ServiceRecordPhoto[]> {
    return this.photoRows.filter((p) => p.recordId === recordId);
  }
  async addCorrection(c: ServiceRecordCorrection): Promise<void> {
    this.correctionRows.push(c);
  }
  async corrections(recordId: string): Promise<ServiceRecordCorrection[]> {
    return this.correctionRows.filter((c) => c.recordId === recordId);
  }
}
