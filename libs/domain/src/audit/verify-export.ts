import { hashAuditEntry } from './audit-hash';
import type { AuditEntry } from './audit-entry';
import { signCheckpoint } from './verify-chain';

export interface ExportVerdict {
  ok: boolean;
  entries: number;
  problems: string[];
  contiguous: boolean;
  checkpointSigned: boolean | null;
}

interface ProofLine {
  entries: number;
  firstHash: string | null;
  lastHash: string | null;
  checkpoint: { at: string; headId: number; headHash: string; count: number; signature: string } | null;
}

/**
 * Checks a downloaded JSON Lines export on its own: every entry hashes to its hash, consecutive ids
 * link, the closing proof matches the first and last entry, and (given the key) the checkpoint's signature.
 */
export function verifyExport(text: string, key: string | null = null): ExportVerdict {
  const problems: string[] = [];
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  let p: ProofLine | null = null;
  const entries: AuditEntry[] = [];
  for (const [i, line] of lines.entries()) {
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      if (parsed.proof) p = parsed.proof as ProofLine;
      else entries.push({ ...(parsed as unknown as AuditEntry), at: new Date(parsed.at as string) });
    } catch {
      problems.push(`line ${i + 1} is not JSON`);
    }
  }
  let contiguous = true;
  entries.forEach((e, i) => {
    if (hashAuditEntry(e.id, e.prevHash, e) !== e.hash) problems.push(`entry ${e.id}: its content does not match its hash`);
    const before = entries[i - 1];
    if (before && e.id === before.id + 1 && e.prevHash !== before.hash) problems.push(`entry ${e.id}: does not link to entry ${before.id}`);
    if (before && e.id !== before.id + 1) contiguous = false;
  });
  if (!p) problems.push('the closing proof line is missing');
  else {
    if (p.entries !== entries.length) problems.push(`the proof counts ${p.entries} entries, the file has ${entries.length}`);
    if (p.firstHash !== (entries[0]?.hash ?? null) || p.lastHash !== (entries.at(-1)?.hash ?? null)) problems.push('the proof does not match the first and last entries');
  }
  let checkpointSigned: boolean | null = null;
  if (p?.checkpoint && key) {
    checkpointSigned = signCheckpoint(key, { ...p.checkpoint, at: new Date(p.checkpoint.at) }) === p.checkpoint.signature;
    if (!checkpointSigned) problems.push('the checkpoint signature does not match the key');
  }
  return { ok: problems.length === 0, entries: entries.length, problems, contiguous, checkpointSigned };
}
