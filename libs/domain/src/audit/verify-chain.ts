import { createHmac } from 'node:crypto';
import { canonicalJson, hashAuditEntry } from './audit-hash';
import { GENESIS_HASH, type AuditEntry } from './audit-entry';

/** What is wrong with a chain, as a code a page names in its reader's language (`reason` says it in English for logs and tools). */
export const CHAIN_PROBLEMS = [
  'missing',
  'reordered',
  'edited',
  'unlinked',
  'checkpoint-differs',
  'checkpoint-signature',
  'purge-record',
  'tail-cut',
  'head-replaced',
  'head-count',
  'head-missing',
  'head-unsigned',
  'head-signature',
  'added-after-head',
] as const;
export type ChainProblem = (typeof CHAIN_PROBLEMS)[number];

export interface ChainVerdict {
  ok: boolean;
  entries: number;
  brokenAt?: number;
  problem?: ChainProblem;
  /** The newest entry a signature (the head, a checkpoint, the purge record) vouches for, with every entry before it intact; null: none. */
  lastProven?: number | null;
  reason?: string;
  firstHash?: string | null;
  lastHash?: string | null;
}

/**
 * Walks a chain in id order, a page at a time (constant memory): every entry must hash to its own
 * hash and link to the one before it, and ids must follow on without gaps. The first entry that
 * fails is named: an edited row fails its own hash, a deleted one leaves a gap, a reordered or
 * inserted one breaks the link.
 */
export class ChainVerifier {
  private previous: AuditEntry | null = null;
  private count = 0;
  private first: string | null = null;
  private broken: { id: number; reason: string; problem: ChainProblem } | null = null;

  /** `startPrevHash`: the hash the first entry must link to (genesis, or a signed checkpoint's when older entries were purged). */
  constructor(
    private readonly startPrevHash: string = GENESIS_HASH,
    private readonly startId: number | null = null,
  ) {}

  push(entry: AuditEntry): boolean {
    if (this.broken) return false;
    const expectedId = this.previous ? this.previous.id + 1 : this.startId;
    const expectedPrev = this.previous ? this.previous.hash : this.startPrevHash;
    if (expectedId !== null && entry.id !== expectedId) {
      this.broken =
        entry.id > expectedId
          ? { id: entry.id, problem: 'missing', reason: `entries ${expectedId}…${entry.id - 1} are missing (deleted)` }
          : { id: entry.id, problem: 'reordered', reason: 'out of order (reordered or inserted)' };
    } else if (hashAuditEntry(entry.id, entry.prevHash, entry) !== entry.hash) {
      this.broken = { id: entry.id, problem: 'edited', reason: 'its content does not match its hash (edited, or forged and inserted)' };
    } else if (entry.prevHash !== expectedPrev) {
      this.broken = { id: entry.id, problem: 'unlinked', reason: 'it does not link to the entry before it (reordered, inserted or the one before was replaced)' };
    }
    if (this.broken) return false;
    this.first ??= entry.hash;
    this.previous = entry;
    this.count += 1;
    return true;
  }

  /** An id that must be there (a checkpoint's head) and was not reached. */
  fail(id: number, problem: ChainProblem, reason: string): void {
    this.broken ??= { id, problem, reason };
  }

  get lastEntry(): AuditEntry | null {
    return this.previous;
  }

  verdict(): ChainVerdict {
    if (this.broken) return { ok: false, entries: this.count, brokenAt: this.broken.id, problem: this.broken.problem, reason: this.broken.reason };
    return { ok: true, entries: this.count, firstHash: this.first, lastHash: this.previous?.hash ?? null };
  }
}

/** A signed statement of the chain's head at a time: cutting newer entries off, or rewriting older ones, shows. */
export interface AuditCheckpoint {
  id: number;
  at: Date;
  headId: number;
  headHash: string;
  count: number;
  signature: string;
}

/** What a retention purge removed: every entry up to a signed checkpoint's head, which the chain now starts from. */
export interface AuditPurge {
  checkpointId: number;
  headId: number;
  headHash: string;
  purgedAt: string;
  signature: string;
}

export function signPurge(key: string, p: Omit<AuditPurge, 'signature'>): string {
  return createHmac('sha256', key)
    .update(canonicalJson({ purge: { checkpointId: p.checkpointId, headId: p.headId, headHash: p.headHash, purgedAt: p.purgedAt } }))
    .digest('hex');
}

export function signCheckpoint(key: string, c: Omit<AuditCheckpoint, 'id' | 'signature'>): string {
  return createHmac('sha256', key)
    .update(canonicalJson({ at: c.at.toISOString(), headId: c.headId, headHash: c.headHash, count: c.count }))
    .digest('hex');
}
