import type { Texts } from './audit-format';

export interface ChainVerdict {
  ok: boolean;
  entries: number;
  brokenAt?: number;
  lastProven?: number | null;
  problem?: string;
  reason?: string;
}

export interface VerdictView {
  ok: boolean;
  /** The verdict in one sentence: intact, or from which entry on it is not to be trusted. */
  headline: string;
  /** What is wrong, and what is still proven. */
  lines: string[];
  /** The entry to show the reader, when one is named. */
  entry: number | null;
}

/** The chain's verdict in plain words of the reader's language; the server's English reason only where no code names it. */
export function verdictView(x: Texts, v: ChainVerdict): VerdictView {
  if (v.ok) {
    return {
      ok: true,
      headline: x.t('audit.verify.ok', { entries: v.entries }),
      lines: [v.lastProven ? x.t('audit.verify.proven', { n: v.lastProven }) : x.t('audit.verify.notProven')],
      entry: null,
    };
  }
  const lines: string[] = [];
  const named = v.problem && x.te(`audit.verify.problems.${v.problem}`);
  if (named) lines.push(x.t(`audit.verify.problems.${v.problem}`));
  else if (v.reason) lines.push(x.t('audit.verify.serverSays', { reason: v.reason }));
  lines.push(v.lastProven ? x.t('audit.verify.lastProven', { n: v.lastProven }) : x.t('audit.verify.noneProven'));
  return {
    ok: false,
    headline: v.brokenAt !== undefined ? x.t('audit.verify.broken', { id: v.brokenAt }) : x.t('audit.verify.brokenNoId'),
    lines,
    entry: v.brokenAt ?? null,
  };
}
