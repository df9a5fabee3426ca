import { Injectable } from '@nestjs/common';
import {
  auditVisible,
  canonicalJson,
  DEFAULT_TIME_ZONE,
  formatLocalTime,
  neutraliseCell,
  withhold,
  type Actor,
  type AuditCheckpoint,
  type AuditEntry,
  type AuditName,
  type AuditVisibility,
  type ChainVerdict,
  type Page,
  type PageRequest,
  type WithheldEntry,
} from '@vigil/domain';
import { AuditRepository, ClockPort, CsvWriter, PdfRenderer, type AuditFilter } from '../ports';
import { AccessPolicy } from '../identity/access-policy';
import { AuditChainService } from './audit-chain.service';
import { AuditNamesService } from './audit-names.service';

const PAGE = 1000;
/** The PDF renderer holds a document's pages until it ends: a PDF stops here, and says so; JSON Lines and CSV have no limit. */
export const PDF_MAX_ENTRIES = 20_000;

export interface ExportProof {
  /** Entries written in full. */
  entries: number;
  /** Entries of other customers written as stubs (id, prevHash, hash) so the links around them can be checked. */
  withheld: number;
  firstId: number | null;
  firstHash: string | null;
  lastId: number | null;
  lastHash: string | null;
  checkpoint: AuditCheckpoint | null;
}

type ExportLine = AuditEntry | WithheldEntry;
const isWithheld = (line: ExportLine): line is WithheldEntry => 'withheld' in line;

/** The filters other than the dates, which a scoped walk applies itself (the dates go to the database). */
const matches = (f: AuditFilter, e: AuditEntry): boolean => (!f.entity || e.entity === f.entity) && (!f.entityId || e.entityId === f.entityId) && (!f.actor || e.actor === f.actor);

/**
 * The audit trail as people read it, each call checked first against the access policy. An unscoped auditor
 * or admin sees every entry; a scoped auditor the entries of its sites and customers (see auditOwner), and in
 * exports a stub for every other entry, so the whole chain can still be checked without reading them.
 * Verification is the same answer for everyone allowed: it names no content.
 */
@Injectable()
export class AuditTrailService {
  constructor(
    private readonly audit: AuditRepository,
    private readonly chain: AuditChainService,
    private readonly policy: AccessPolicy,
    private readonly clock: ClockPort,
    private readonly pdfs: PdfRenderer,
    private readonly csv: CsvWriter,
    private readonly names: AuditNamesService,
  ) {}

  /** A page of entries, with the names of what they name by id (`names['site:<id>']`), as far as the reader may see them. */
  async list(actor: Actor, filter: AuditFilter, page: PageRequest): Promise<Page<AuditEntry> & { names: Record<string, AuditName> }> {
    const visibleTo = await this.visibility(actor);
    const found = await this.audit.list(visibleTo ? { ...filter, visibleTo } : filter, page);
    return { ...found, names: await this.names.of(actor, visibleTo, found.items) };
  }

  /** `{ok, entries, lastProven, …}`: the whole chain, checked on the server. */
  async verify(actor: Actor): Promise<ChainVerdict> {
    await this.policy.require(actor, 'audit.read');
    const v = await this.chain.verify();
    return v.ok
      ? { ok: true, entries: v.entries, lastProven: v.lastProven, firstHash: v.firstHash, lastHash: v.lastHash }
      : { ok: false, entries: v.entries, lastProven: v.lastProven, ...(v.brokenAt !== undefined ? { brokenAt: v.brokenAt } : {}), problem: v.problem, reason: v.reason };
  }

  async checkpoints(actor: Actor): Promise<{ items: AuditCheckpoint[]; total: number }> {
    await this.policy.require(actor, 'audit.read');
    const items = await this.chain.checkpoints();
    return { items, total: items.length };
  }

  /** Signs the chain's head now: a signature over every customer's entries, so unscoped users only. */
  async checkpoint(actor: Actor): Promise<AuditCheckpoint | null> {
    await this.policy.requireWholeEstate(actor, 'audit.checkpoint');
    return this.chain.checkpoint(true);
  }

  /** What a scoped actor may see of the trail; null: all of it. Refuses a role without `audit.read`. */
  private async visibility(actor: Actor): Promise<AuditVisibility | null> {
    const siteIds = await this.policy.siteFilter(actor, 'audit.read');
    if (siteIds === null) return null;
    return { siteIds, wholeCustomerIds: actor.scope?.customerIds ?? [], readCustomerIds: (await this.policy.customerFilter(actor, 'audit.read')) ?? [] };
  }

  /**
   * The same entries as a PDF for people (CJK font embedded), streamed into `out` page by page in
   * bounded memory, ending with the chain proof. Machines check the JSON Lines export; the PDF's proof
   * names the same hashes and checkpoint so a reader can match them. Withheld entries show as one row per run.
   */
  async exportPdf(actor: Actor, filter: AuditFilter, out: NodeJS.WritableStream): Promise<ExportProof> {
    const visibleTo = await this.visibility(actor);
    const pdf = this.pdfs.stream(out, { title: 'Vigil audit trail', layout: 'landscape' });
    const columns = [
      { title: '#', width: 50 },
      { title: `时间 Time (${DEFAULT_TIME_ZONE})`, width: 105 },
      { title: '操作人 Actor', width: 95 },
      { title: '操作 Action', width: 60 },
      { title: '对象 Entity', width: 170 },
      { title: '哈希 Hash', width: 280 },
    ];
    pdf
      .title('审计记录 Audit trail')
      .field('筛选 Filter', JSON.stringify(filter))
      .field('导出 Exported', formatLocalTime(this.clock.now(), DEFAULT_TIME_ZONE, 'named', true))
      .gap();
    // consecutive withheld entries print as one row: the first and last id and the last hash
    const pending: { run: { from: number; to: number; hash: string } | null; header: boolean } = { run: null, header: true };
    const runRow = (r: { from: number; to: number; hash: string }) => [
      r.from === r.to ? String(r.from) : `${r.from}–${r.to}`,
      '',
      '',
      '',
      `不予显示 withheld (${r.to - r.from + 1})`,
      r.hash,
    ];
    const print = (rows: string[][]) => {
      if (rows.length === 0) return;
      pdf.table({ columns, rows }, pending.header);
      pending.header = false;
    };
    const proof = await this.walk(visibleTo, filter, PDF_MAX_ENTRIES, async (page) => {
      const rows: string[][] = [];
      for (const e of page) {
        const run = pending.run;
        if (isWithheld(e) && run && run.to === e.id - 1) {
          pending.run = { ...run, to: e.id, hash: e.hash };
          continue;
        }
        if (run) rows.push(runRow(run));
        pending.run = isWithheld(e) ? { from: e.id, to: e.id, hash: e.hash } : null;
        if (!isWithheld(e))
          rows.push([
            String(e.id),
            formatLocalTime(e.at, DEFAULT_TIME_ZONE, 'offset', true),
            `${e.actor} (${e.role})`,
            e.action,
            `${e.entity}${e.entityId ? ` ${e.entityId}` : ''}`,
            e.hash,
          ]);
      }
      print(rows);
      await pdf.drained();
    });
    if (pending.run) print([runRow(pending.run)]);
    if (proof.more) pdf.gap().field('未打印 Not printed', `more entries match; the PDF stops at ${PDF_MAX_ENTRIES}: narrow the filter (dates) or export JSON Lines or CSV`);
    pdf
      .gap()
      .title('链证明 Chain proof')
      .field('条数 Entries', String(proof.entries))
      .field('不予显示 Withheld', String(proof.withheld))
      .field('首条 First', `${proof.firstId ?? '—'} ${proof.firstHash ?? ''}`)
      .field('末条 Last', `${proof.lastId ?? '—'} ${proof.lastHash ?? ''}`)
      .field(
        '签名检查点 Signed checkpoint',
        proof.checkpoint
          ? `#${proof.checkpoint.id} ${formatLocalTime(proof.checkpoint.at, DEFAULT_TIME_ZONE, 'named', true)} head ${proof.checkpoint.headId} ${proof.checkpoint.headHash} signature ${proof.checkpoint.signature}`
          : 'none yet covers the last entry',
      );
    await pdf.end();
    return proof;
  }

  /**
   * Pages through the export's lines in id order and answers the proof of what was visited. Unscoped: the
   * entries matching the filter. Scoped: within the filter's dates, every entry of the chain, those it may
   * see (and asked for) in full, those it may not as stubs; `limit` counts entries in full.
   */
  private async walk(
    visibleTo: AuditVisibility | null,
    filter: AuditFilter,
    limit: number,
    visit: (page: ExportLine[]) => Promise<void>,
  ): Promise<ExportProof & { more: boolean }> {
    const proof: ExportProof & { more: boolean } = { entries: 0, withheld: 0, firstId: null, firstHash: null, lastId: null, lastHash: null, checkpoint: null, more: false };
    const window: AuditFilter = visibleTo ? { from: filter.from, to: filter.to } : filter;
    for (let after = 0; ;) {
      if (proof.entries >= limit) {
        proof.more = (await this.audit.page(after, 1, visibleTo ? { ...filter, visibleTo } : filter)).length > 0;
        break;
      }
      const size = visibleTo ? PAGE : Math.min(PAGE, limit - proof.entries);
      const page = await this.audit.page(after, size, window);
      if (page.length === 0) break;
      const lines: ExportLine[] = [];
      for (const e of page) {
        if (proof.entries >= limit) break;
        const line =
          visibleTo && !auditVisible({ siteId: e.siteId ?? null, customerId: e.customerId ?? null }, visibleTo) ? withhold(e) : visibleTo && !matches(filter, e) ? null : e;
        after = e.id;
        if (!line) continue;
        lines.push(line);
        if (isWithheld(line)) proof.withheld += 1;
        else proof.entries += 1;
      }
      if (lines.length) {
        await visit(lines);
        proof.firstId ??= lines[0].id;
        proof.firstHash ??= lines[0].hash;
        proof.lastId = lines[lines.length - 1].id;
        proof.lastHash = lines[lines.length - 1].hash;
      }
      // a page cut short by the limit goes on to the check for more
      if (page.length < size && proof.entries < limit) break;
    }
    proof.checkpoint = (await this.chain.checkpoints()).find((c) => proof.lastId !== null && c.headId >= proof.lastId) ?? null;
    return proof;
  }

  /**
   * Streams the export as CSV or JSON Lines with the chain proof: first and last hash and the checkpoint
   * that covers them. Each entry carries prevHash and hash, so every line can be checked offline; a withheld
   * entry is `{id, prevHash, hash, withheld: true}` (CSV: those three and the `withheld` flag).
   */
  async export(actor: Actor, format: 'csv' | 'jsonl', filter: AuditFilter, write: (chunk: string) => Promise<void>): Promise<ExportProof> {
    const visibleTo = await this.visibility(actor);
    if (format === 'csv')
      await write('\uFEFF' + this.csv.write([['id', 'at', 'actor', 'role', 'action', 'entity', 'entityId', 'before', 'after', 'prevHash', 'hash', 'withheld', 'local time']]));
    const { more: _more, ...proof } = await this.walk(visibleTo, filter, Number.POSITIVE_INFINITY, async (page) => {
      const lines = page.map((e) =>
        isWithheld(e)
          ? format === 'jsonl'
            ? `${canonicalJson(e)}\n`
            : this.csv.write([[e.id, '', '', '', '', '', '', '', '', e.prevHash, e.hash, 'true', '']])
          : format === 'jsonl'
            ? `${canonicalJson({ ...e, at: e.at.toISOString() })}\n`
            : this.csv.write([
                [
                  e.id,
                  e.at.toISOString(),
                  neutraliseCell(e.actor),
                  e.role,
                  e.action,
                  e.entity,
                  e.entityId ?? '',
                  neutraliseCell(JSON.stringify(e.before)),
                  neutraliseCell(JSON.stringify(e.after)),
                  e.prevHash,
                  e.hash,
                  '',
                  formatLocalTime(e.at, DEFAULT_TIME_ZONE, 'offset', true),
                ],
              ]),
      );
      await write(lines.join(''));
    });
    const tail = canonicalJson({ proof: { ...proof, checkpoint: proof.checkpoint ? { ...proof.checkpoint, at: proof.checkpoint.at.toISOString() } : null } });
    await write(format === 'jsonl' ? `${tail}\n` : `# ${tail}\n`);
    return proof;
  }
}
