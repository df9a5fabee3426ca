import { Inject, Injectable } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import {
  ChainVerifier,
  DAY_MS,
  GENESIS_HASH,
  headSigned,
  signCheckpoint,
  signPurge,
  type AuditCheckpoint,
  type AuditHead,
  type AuditPurge,
  type ChainProblem,
  type ChainVerdict,
} from '@vigil/domain';
import { AuditRepository, ClockPort, KeyStore, SettingsRepository, TransactionRunner } from '../ports';

const PAGE = 1000;

/** Key rotation refused: the chain does not verify under the current key, and re-signing it would launder that. */
export class ChainNotVerified extends Error {
  constructor(readonly verdict: ChainVerdict) {
    super(`the chain does not verify under the current key (${verdict.reason}); nothing was re-signed`);
  }
}
const PURGE_KEY = 'audit-purge';

/**
 * The audit chain as a whole, for the platform's own jobs and commands (no acting user): proving it,
 * anchoring it with signed checkpoints, and the retention purge. People reach it through AuditTrailService.
 */
@Injectable()
export class AuditChainService {
  constructor(
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
    private readonly audit: AuditRepository,
    private readonly settings: SettingsRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: ClockPort,
    private readonly keys: KeyStore,
  ) {}

  checkpoints(): Promise<AuditCheckpoint[]> {
    return this.audit.checkpoints();
  }

  /** Signs the chain's current head, at most once a day unless asked again with `force`. */
  async checkpoint(force = false): Promise<AuditCheckpoint | null> {
    const key = await this.keys.key('audit');
    return this.tx.run(async () => {
      const head = await this.audit.head();
      if (!head) return null;
      const last = (await this.audit.checkpoints()).at(-1);
      const now = this.clock.now();
      if (!force && last && last.headId === head.id) return last;
      const body = { at: now, headId: head.id, headHash: head.hash, count: head.count };
      return this.audit.addCheckpoint({ ...body, signature: signCheckpoint(key, body) });
    });
  }

  private async purgeRecord(): Promise<AuditPurge | null> {
    const raw = await this.settings.get(PURGE_KEY);
    return raw ? (JSON.parse(raw) as AuditPurge) : null;
  }

  /**
   * Retention: removes the entries older than VIGIL_AUDIT_RETENTION_DAYS, up to the newest signed
   * checkpoint that is itself older than that, and records (signed) where the chain now starts, so
   * verification goes on from that checkpoint. The signed head's count drops by as many. Answers how many entries went.
   */
  async purge(now = this.clock.now()): Promise<number> {
    const cutoff = now.getTime() - this.config.auditRetentionDays * DAY_MS;
    const key = await this.keys.key('audit');
    return this.tx.run(async () => {
      const previous = await this.purgeRecord();
      const anchor = (await this.audit.checkpoints()).filter((c) => c.at.getTime() < cutoff && c.headId > (previous?.headId ?? 0)).at(-1);
      if (!anchor) return 0;
      const body = { checkpointId: anchor.id, headId: anchor.headId, headHash: anchor.headHash, purgedAt: now.toISOString() };
      await this.settings.put(PURGE_KEY, JSON.stringify({ ...body, signature: signPurge(key, body) }));
      const removed = await this.audit.purgeThrough(anchor.headId);
      // the purge is itself on the record
      await this.audit.append({
        at: now,
        actor: 'system',
        role: 'system',
        action: 'purge',
        entity: 'audit-trail',
        entityId: null,
        before: null,
        after: { ...body, removed, retentionDays: this.config.auditRetentionDays },
      });
      return removed;
    });
  }

  /**
   * Audit key rotation: only a chain that verifies under the current key is re-signed. Records the
   * rotation, then signs every checkpoint, the purge record and the head with `newKey`, in one
   * transaction with `store` (which keeps the new key where the platform will find it).
   */
  async rekey(newKey: string, store: () => Promise<void> = async () => undefined): Promise<{ checkpoints: number; lastProven: number | null }> {
    const verdict = await this.verify();
    if (!verdict.ok) throw new ChainNotVerified(verdict);
    return this.tx.run(async () => {
      await this.audit.append({
        at: this.clock.now(),
        actor: 'system',
        role: 'system',
        action: 'rekey',
        entity: 'audit-trail',
        entityId: null,
        before: null,
        after: { lastProven: verdict.lastProven },
      });
      const purge = await this.purgeRecord();
      if (purge) {
        const { signature: _old, ...body } = purge;
        await this.settings.put(PURGE_KEY, JSON.stringify({ ...body, signature: signPurge(newKey, body) }));
      }
      const checkpoints = await this.audit.resign(newKey);
      await store();
      return { checkpoints, lastProven: verdict.lastProven ?? null };
    });
  }

  /**
   * Walks the whole chain a page at a time against its signatures: every checkpoint, the purge record and
   * the signed head, which proves the newest entry, so a tail cut off behind the application's back shows.
   * Names the newest entry a signature vouches for (`lastProven`) whatever the outcome.
   */
  async verify(): Promise<ChainVerdict> {
    const key = await this.keys.key('audit');
    const checkpoints = await this.audit.checkpoints();
    const byHead = new Map<number, AuditCheckpoint>();
    for (const c of checkpoints) {
      if (signCheckpoint(key, c) !== c.signature)
        return { ok: false, entries: 0, lastProven: null, brokenAt: c.headId, problem: 'checkpoint-signature', reason: `checkpoint ${c.id} has a bad signature` };
      byHead.set(c.headId, c);
    }
    // after a retention purge the chain starts from the signed checkpoint it purged up to
    const purge = await this.purgeRecord();
    if (purge) {
      const anchor = checkpoints.find((c) => c.id === purge.checkpointId);
      if (signPurge(key, purge) !== purge.signature || !anchor || anchor.headId !== purge.headId || anchor.headHash !== purge.headHash) {
        return {
          ok: false,
          entries: 0,
          lastProven: null,
          brokenAt: purge.headId + 1,
          problem: 'purge-record',
          reason: 'the retention purge record does not match a signed checkpoint',
        };
      }
    }
    const { head, lastEntryId } = await this.audit.signedHead();
    const headProblem = this.headProblem(key, head, lastEntryId, checkpoints.length > 0 || purge !== null);
    // with a sound head the walk stops there: entries appended meanwhile are for the next verify
    const bound = head && !headProblem ? head.lastId : Number.POSITIVE_INFINITY;
    const verifier = purge ? new ChainVerifier(purge.headHash, purge.headId + 1) : new ChainVerifier(GENESIS_HASH, 1);
    let lastProven: number | null = purge?.headId ?? null;
    walk: for (let after = 0; ;) {
      const page = await this.audit.page(after, PAGE);
      for (const entry of page) {
        if (entry.id > bound || !verifier.push(entry)) break walk;
        const c = byHead.get(entry.id);
        if (c && c.headHash !== entry.hash) {
          verifier.fail(entry.id, 'checkpoint-differs', `differs from the signed checkpoint of ${c.at.toISOString()}`);
          break walk;
        }
        if (c) lastProven = entry.id;
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1].id;
    }
    const verdict = verifier.verdict();
    if (!verdict.ok) return { ...verdict, lastProven };
    if (headProblem) return { ok: false, entries: verdict.entries, lastProven, ...headProblem };
    const lastId = verifier.lastEntry?.id ?? purge?.headId ?? 0;
    const named = Math.max(head?.lastId ?? 0, ...checkpoints.map((c) => c.headId));
    if (named > lastId) {
      return {
        ok: false,
        entries: verdict.entries,
        lastProven,
        problem: 'tail-cut',
        reason: `entries ${lastId + 1}…${named} are missing: the newest ones were cut off after entry ${lastId}`,
      };
    }
    if (head) {
      const lastHash = verifier.lastEntry?.hash ?? purge?.headHash ?? GENESIS_HASH;
      if (lastHash !== head.lastHash)
        return { ok: false, entries: verdict.entries, lastProven, brokenAt: head.lastId, problem: 'head-replaced', reason: 'differs from the signed head (replaced)' };
      if (verdict.entries !== head.count)
        return {
          ok: false,
          entries: verdict.entries,
          lastProven,
          problem: 'head-count',
          reason: `the signed head counts ${head.count} entries, the chain holds ${verdict.entries}`,
        };
      lastProven = head.lastId;
    }
    return { ...verdict, lastProven };
  }

  /** What is wrong with the head itself, if anything; a fresh install with nothing written yet has none. */
  private headProblem(key: string, head: AuditHead | null, lastEntryId: number | null, anchored: boolean): { problem: ChainProblem; reason: string; brokenAt?: number } | null {
    if (!head) return lastEntryId === null && !anchored ? null : { problem: 'head-missing', reason: 'the signed head is missing, so the newest entries cannot be proven' };
    if (head.signature === null) return { problem: 'head-unsigned', reason: 'the head is not signed yet (the first change after the upgrade signs it)' };
    if (!headSigned(key, head)) return { problem: 'head-signature', reason: "the signed head does not match its signature (changed behind the application's back)" };
    if (lastEntryId !== null && lastEntryId > head.lastId)
      return { brokenAt: head.lastId + 1, problem: 'added-after-head', reason: "entries after the signed head were added behind the application's back" };
    return null;
  }
}
