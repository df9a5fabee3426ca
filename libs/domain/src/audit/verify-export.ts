import { hashAuditEntry } from './audit-hash';
import type { AuditEntry, WithheldEntry } from './audit-entry';
import { signCheckpoint } from './verify-chain';

export interface ExportVerdict {
  ok: boolean;
  /** Entries in full (each checked against its hash). */
  entries: number;
  /** Stubs of entries the exporter may not see: only their links are checked. */
  withheld: number;
  problems: string[];
  contiguous: boolean;
  checkpointSigned: boolean | null;
}

interface ProofLine {
  entries: number;
  withheld?: number;
  firstHash: string | null;
  lastHash: string | null;
  checkpoint: { at: string; headId: number; headHash: string; count: number; signature: string } | null;
}

/**
 * Checks a downloaded JSON Lines export on its own: every entry hashes to its hash, consecutive ids
 * link (withheld stubs included, so a scoped auditor's export proves the whole chain around what it
 * shows), the closing proof matches the first and last line, and (given the key) the checkpoint's signature.
 */
export function verifyExport(text: string, key: string | null = null): ExportVerdict {
  const problems: string[] = [];
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  let p: ProofLine | null = null;
  const entries: (AuditEntry | WithheldEntry)[] = [];
  for (const [i, line] of lines.entries()) {
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      if (parsed.proof) p = parsed.proof as ProofLine;
      else if (parsed.withheld === true) entries.push(parsed as unknown as WithheldEntry);
      else entries.push({ ...(parsed as unknown as AuditEntry), at: new Date(parsed.at as string) });
    } catch {
      problems.push(`line ${i + 1} is not JSON`);
    }
  }
  const withheld = entries.filter((e) => 'withheld' in e).length;
  let contiguous = true;
  entries.forEach((e, i) => {
    if (!('withheld' in e) && hashAuditEntry(e.id, e.prevHash, e) !== e.hash) problems.push(`entry ${e.id}: its content does not match its hash`);
    const before = entries[i - 1];
    if (before && e.id === before.id + 1 && e.prevHash !== before.hash) problems.push(`entry ${e.id}: does not link to entry ${before.id}`);
    if (before && e.id !== before.id + 1) contiguous = false;
  });
  if (!p) problems.push('the closing proof line is missing');
  else {
    const full = entries.length - withheld;
    if (p.entries !== full) problems.push(`the proof counts ${p.entries} entries, the file has ${full}`);
    if ((p.withheld ?? 0) !== withheld) problems.push(`the proof counts ${p.withheld ?? 0} withheld entries, the file has ${withheld}`);
    if (p.firstHash !== (entries[0]?.hash ?? null) || p.lastHash !== (entries.at(-1)?.hash ?? null)) problems.push('the proof does not match the first and last entries');
  }
  const covered = p?.checkpoint ? entries.find((e) => e.id === p!.checkpoint!.headId) : undefined;
  if (covered && covered.hash !== p!.checkpoint!.headHash) problems.push(`entry ${covered.id}: differs from the signed checkpoint`);
  let checkpointSigned: boolean | null = null;
  if (p?.checkpoint && key) {
    checkpointSigned = signCheckpoint(key, { ...p.checkpoint, at: new Date(p.checkpoint.at) }) === p.checkpoint.signature;
    if (!checkpointSigned) problems.push('the checkpoint signature does not match the key');
  }
  return { ok: problems.length === 0, entries: entries.length - withheld, withheld, problems, contiguous, checkpointSigned };
}
