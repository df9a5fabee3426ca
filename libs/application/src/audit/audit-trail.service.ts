import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { canonicalJson, ChainVerifier, DAY_MS, GENESIS_HASH, neutraliseCell, signCheckpoint, signPurge, type AuditCheckpoint, type AuditEntry, type AuditPurge, type ChainVerdict, type Page, type PageRequest } from '@vigil/domain';
import { AuditRepository, ClockPort, SettingsRepository, TransactionRunner, type AuditFilter } from '../ports';
import { openPdf } from '../patrols/patrol-pdf';

const PAGE = 1000;
/** PDFKit holds a document's pages until it ends: a PDF stops here, and says so; JSON Lines and CSV have no limit. */
export const PDF_MAX_ENTRIES = 20_000;
const PURGE_KEY = 'audit-purge';

export interface ExportProof {
  entries: number;
  firstId: number | null;
  firstHash: string | null;
  lastId: number | null;
  lastHash: string | null;
  checkpoint: AuditCheckpoint | null;
}

/** Reading, verifying and exporting the audit trail, and anchoring its head with signed checkpoints. */
@Injectable()
export class AuditTrailService {
  private key: Promise<string> | null = null;

  constructor(
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    private readonly audit: AuditRepository,
    private readonly settings: SettingsRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: ClockPort,
  ) {}

  list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry>> {
    return this.audit.list(filter, page);
  }

  async checkpoints(): Promise<{ items: AuditCheckpoint[]; total: number }> {
    const items = await this.audit.checkpoints();
    return { items, total: items.length };
  }

  private signingKey(): Promise<string> {
    this.key ??= this.config.auditKey ? Promise.resolve(this.config.auditKey) : this.settings.putIfAbsent('audit-key', randomBytes(48).toString('base64url'));
    return this.key;
  }

  /** Signs the chain's current head, at most once a day unless asked again with `force`. */
  async checkpoint(force = false): Promise<AuditCheckpoint | null> {
    return this.tx.run(async () => {
      const head = await this.audit.head();
      if (!head) return null;
      const last = (await this.audit.checkpoints()).at(-1);
      const now = this.clock.now();
      if (!force && last && last.at.toISOString().slice(0, 10) === now.toISOString().slice(0, 10)) return last;
      const body = { at: now, headId: head.id, headHash: head.hash, count: head.count };
      return this.audit.addCheckpoint({ ...body, signature: signCheckpoint(await this.signingKey(), body) });
    });
  }

  private async purgeRecord(): Promise<AuditPurge | null> {
    const raw = await this.settings.get(PURGE_KEY);
    return raw ? (JSON.parse(raw) as AuditPurge) : null;
  }

  /**
   * Retention: removes the entries older than VIGIL_AUDIT_RETENTION_DAYS, up to the newest signed
   * checkpoint that is itself older than that, and records (signed) where the chain now starts, so
   * verification goes on from that checkpoint. Answers how many entries went.
   */
  async purge(now = this.clock.now()): Promise<number> {
    const cutoff = now.getTime() - this.config.auditRetentionDays * DAY_MS;
    const key = await this.signingKey();
    return this.tx.run(async () => {
      const previous = await this.purgeRecord();
      const anchor = (await this.audit.checkpoints()).filter((c) => c.at.getTime() < cutoff && c.headId > (previous?.headId ?? 0)).at(-1);
      if (!anchor) return 0;
      const body = { checkpointId: anchor.id, headId: anchor.headId, headHash: anchor.headHash, purgedAt: now.toISOString() };
      await this.settings.put(PURGE_KEY, JSON.stringify({ ...body, signature: signPurge(key, body) }));
      const removed = await this.audit.purgeThrough(anchor.headId);
      // the purge is itself on the record
      await this.audit.append({ at: now, actor: 'system', role: 'system', action: 'purge', entity: 'audit-trail', entityId: null, before: null, after: { ...body, removed, retentionDays: this.config.auditRetentionDays } });
      return removed;
    });
  }

  /** Walks the whole chain a page at a time and checks every signed checkpoint against it. */
  async verify(): Promise<ChainVerdict> {
    const key = await this.signingKey();
    const checkpoints = await this.audit.checkpoints();
    const byHead = new Map<number, AuditCheckpoint>();
    for (const c of checkpoints) {
      if (signCheckpoint(key, c) !== c.signature) return { ok: false, entries: 0, brokenAt: c.headId, reason: `checkpoint ${c.id} has a bad signature` };
      byHead.set(c.headId, c);
    }
    // after a retention purge the chain starts from the signed checkpoint it purged up to
    const purge = await this.purgeRecord();
    if (purge) {
      const anchor = checkpoints.find((c) => c.id === purge.checkpointId);
      if (signPurge(key, purge) !== purge.signature || !anchor || anchor.headId !== purge.headId || anchor.headHash !== purge.headHash) {
        return { ok: false, entries: 0, brokenAt: purge.headId + 1, reason: 'the retention purge record does not match a signed checkpoint' };
      }
    }
    const verifier = purge ? new ChainVerifier(purge.headHash, purge.headId + 1) : new ChainVerifier(GENESIS_HASH, 1);
    for (let after = 0; ;) {
      const page = await this.audit.page(after, PAGE);
      for (const entry of page) {
        if (!verifier.push(entry)) return verifier.verdict();
        const c = byHead.get(entry.id);
        if (c && c.headHash !== entry.hash) verifier.fail(entry.id, `differs from the signed checkpoint of ${c.at.toISOString()}`);
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1].id;
    }
    const lastId = verifier.lastEntry?.id ?? 0;
    const cut = checkpoints.find((c) => c.headId > Math.max(lastId, purge?.headId ?? 0));
    if (cut) verifier.fail(lastId + 1, `entries up to ${cut.headId}, signed on ${cut.at.toISOString()}, are missing (cut off)`);
    return verifier.verdict();
  }

  /**
   * The same entries as a PDF for people (CJK font embedded), streamed into `out` page by page in
   * bounded memory, ending with the chain proof. Machines check the JSON Lines export; the PDF's proof
   * names the same hashes and checkpoint so a reader can match them.
   */
  async exportPdf(filter: AuditFilter, out: NodeJS.WritableStream): Promise<ExportProof> {
    const { doc, pdf } = openPdf('Vigil audit trail', 'landscape');
    doc.pipe(out);
    const columns = [
      { title: '#', width: 50 }, { title: '时间 Time (UTC)', width: 105 }, { title: '操作人 Actor', width: 95 }, { title: '操作 Action', width: 60 },
      { title: '对象 Entity', width: 170 }, { title: '哈希 Hash', width: 280 },
    ];
    pdf.title('审计记录 Audit trail').field('筛选 Filter', JSON.stringify(filter)).field('导出 Exported', this.clock.now().toISOString()).gap();
    const proof = await this.walk(filter, PDF_MAX_ENTRIES, async (page, first) => {
      pdf.table({ columns, rows: page.map((e) => [String(e.id), e.at.toISOString().replace('T', ' ').slice(0, 19), `${e.actor} (${e.role})`, e.action,
        `${e.entity}${e.entityId ? ` ${e.entityId}` : ''}`, e.hash]) }, first);
      // PDFKit does not wait for its reader: hold on while the client is still taking the last page
      while ((doc as unknown as { readableLength: number }).readableLength > 1 << 20) await new Promise((resolve) => setTimeout(resolve, 5));
    });
    if (proof.more) pdf.gap().field('未打印 Not printed', `more entries match; the PDF stops at ${PDF_MAX_ENTRIES}: narrow the filter (dates) or export JSON Lines or CSV`);
    pdf.gap().title('链证明 Chain proof')
      .field('条数 Entries', String(proof.entries))
      .field('首条 First', `${proof.firstId ?? '—'} ${proof.firstHash ?? ''}`)
      .field('末条 Last', `${proof.lastId ?? '—'} ${proof.lastHash ?? ''}`)
      .field('签名检查点 Signed checkpoint', proof.checkpoint
        ? `#${proof.checkpoint.id} ${proof.checkpoint.at.toISOString()} head ${proof.checkpoint.headId} ${proof.checkpoint.headHash} signature ${proof.checkpoint.signature}`
        : 'none yet covers the last entry');
    const ended = new Promise<void>((resolve) => out.once('finish', () => resolve()));
    doc.end();
    await ended;
    return proof;
  }

  /** Pages through the matching entries in id order; answers the proof of what was visited. */
  private async walk(filter: AuditFilter, limit: number, visit: (page: AuditEntry[], first: boolean) => Promise<void>): Promise<ExportProof & { more: boolean }> {
    const proof: ExportProof & { more: boolean } = { entries: 0, firstId: null, firstHash: null, lastId: null, lastHash: null, checkpoint: null, more: false };
    for (let after = 0; ;) {
      if (proof.entries >= limit) {
        proof.more = (await this.audit.page(after, 1, filter)).length > 0;
        break;
      }
      const page = await this.audit.page(after, Math.min(PAGE, limit - proof.entries), filter);
      if (page.length === 0) break;
      await visit(page, proof.entries === 0);
      proof.firstId ??= page[0].id;
      proof.firstHash ??= page[0].hash;
      proof.lastId = page[page.length - 1].id;
      proof.lastHash = page[page.length - 1].hash;
      proof.entries += page.length;
      after = page[page.length - 1].id;
      if (page.length < Math.min(PAGE, limit - proof.entries + page.length)) break;
    }
    proof.checkpoint = (await this.audit.checkpoints()).find((c) => proof.lastId !== null && c.headId >= proof.lastId) ?? null;
    return proof;
  }

  /**
   * Streams matching entries as CSV or JSON Lines with the chain proof: first and last hash and the
   * checkpoint that covers them. Each entry carries prevHash and hash, so every line can be checked offline.
   */
  async export(format: 'csv' | 'jsonl', filter: AuditFilter, write: (chunk: string) => Promise<void>): Promise<ExportProof> {
    if (format === 'csv') await write('\uFEFF' + stringify([['id', 'at', 'actor', 'role', 'action', 'entity', 'entityId', 'before', 'after', 'prevHash', 'hash']]));
    const { more: _more, ...proof } = await this.walk(filter, Number.POSITIVE_INFINITY, async (page) => {
      const lines = page.map((e) => (format === 'jsonl'
        ? `${canonicalJson({ ...e, at: e.at.toISOString() })}\n`
        : stringify([[e.id, e.at.toISOString(), neutraliseCell(e.actor), e.role, e.action, e.entity, e.entityId ?? '', neutraliseCell(JSON.stringify(e.before)), neutraliseCell(JSON.stringify(e.after)), e.prevHash, e.hash]])));
      await write(lines.join(''));
    });
    const tail = canonicalJson({ proof: { ...proof, checkpoint: proof.checkpoint ? { ...proof.checkpoint, at: proof.checkpoint.at.toISOString() } : null } });
    await write(format === 'jsonl' ? `${tail}\n` : `# ${tail}\n`);
    return proof;
  }
}
