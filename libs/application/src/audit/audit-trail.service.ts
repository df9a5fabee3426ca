import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { canonicalJson, ChainVerifier, GENESIS_HASH, guardFormula, signCheckpoint, type AuditCheckpoint, type AuditEntry, type ChainVerdict, type Page, type PageRequest } from '@vigil/domain';
import { AuditRepository, ClockPort, SettingsRepository, TransactionRunner, type AuditFilter } from '../ports';

const PAGE = 1000;

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

  /** Walks the whole chain a page at a time and checks every signed checkpoint against it. */
  async verify(): Promise<ChainVerdict> {
    const key = await this.signingKey();
    const checkpoints = await this.audit.checkpoints();
    const byHead = new Map<number, AuditCheckpoint>();
    for (const c of checkpoints) {
      if (signCheckpoint(key, c) !== c.signature) return { ok: false, entries: 0, brokenAt: c.headId, reason: `checkpoint ${c.id} has a bad signature` };
      byHead.set(c.headId, c);
    }
    const verifier = new ChainVerifier(GENESIS_HASH, 1);
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
    const cut = checkpoints.find((c) => c.headId > lastId);
    if (cut) verifier.fail(lastId + 1, `entries up to ${cut.headId}, signed on ${cut.at.toISOString()}, are missing (cut off)`);
    return verifier.verdict();
  }

  /**
   * Streams matching entries as CSV or JSON Lines with the chain proof: first and last hash and the
   * checkpoint that covers them. Each entry carries prevHash and hash, so every line can be checked offline.
   */
  async export(format: 'csv' | 'jsonl', filter: AuditFilter, write: (chunk: string) => Promise<void>): Promise<ExportProof> {
    const proof: ExportProof = { entries: 0, firstId: null, firstHash: null, lastId: null, lastHash: null, checkpoint: null };
    if (format === 'csv') await write('\uFEFF' + stringify([['id', 'at', 'actor', 'role', 'action', 'entity', 'entityId', 'before', 'after', 'prevHash', 'hash']]));
    for (let after = 0; ;) {
      const page = await this.audit.page(after, PAGE, filter);
      if (page.length === 0) break;
      const lines = page.map((e) => (format === 'jsonl'
        ? `${canonicalJson({ ...e, at: e.at.toISOString() })}\n`
        : stringify([[e.id, e.at.toISOString(), e.actor, e.role, e.action, e.entity, e.entityId ?? '', guardFormula(JSON.stringify(e.before)), guardFormula(JSON.stringify(e.after)), e.prevHash, e.hash]])));
      await write(lines.join(''));
      proof.firstId ??= page[0].id;
      proof.firstHash ??= page[0].hash;
      proof.lastId = page[page.length - 1].id;
      proof.lastHash = page[page.length - 1].hash;
      proof.entries += page.length;
      after = page[page.length - 1].id;
      if (page.length < PAGE) break;
    }
    proof.checkpoint = (await this.audit.checkpoints()).find((c) => proof.lastId !== null && c.headId >= proof.lastId) ?? null;
    const tail = canonicalJson({ proof: { ...proof, checkpoint: proof.checkpoint ? { ...proof.checkpoint, at: proof.checkpoint.at.toISOString() } : null } });
    await write(format === 'jsonl' ? `${tail}\n` : `# ${tail}\n`);
    return proof;
  }
}
