import type { ImportLine, ImportOutcome, RowError } from './types';

/** One record of a CSV file and the line a spreadsheet shows it on (the header is line 1), numbered as the server numbers them. */
export interface CsvRecord {
  line: number;
  cells: string[];
}

/**
 * Reads CSV as the server does (csv-parse with `trim` and `skip_empty_lines`): a BOM is dropped, quoted cells may
 * hold commas, doubled quotes and line breaks, and records are numbered from 1 skipping empty lines, so an error's
 * `line` from the server finds its record here.
 */
export function readCsvRecords(text: string): CsvRecord[] {
  const src = text.replace(/^\uFEFF/, '');
  const records: string[][] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let wasQuoted = false;
  const endCell = (): void => {
    cells.push(wasQuoted ? cell : cell.trim());
    cell = '';
    wasQuoted = false;
  };
  const endRecord = (): void => {
    endCell();
    if (!(cells.length === 1 && cells[0] === '')) records.push(cells);
    cells = [];
  };
  for (let i = 0; i < src.length; i += 1) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell.trim() === '') {
      quoted = true;
      wasQuoted = true;
      cell = '';
    } else if (c === ',') endCell();
    else if (c === '\r' || c === '\n') {
      if (c === '\r' && src[i + 1] === '\n') i += 1;
      endRecord();
    } else if (!wasQuoted) cell += c;
  }
  if (cell !== '' || cells.length > 0 || wasQuoted) endRecord();
  return records.map((r, i) => ({ line: i + 1, cells: r }));
}

/** One device line of the file as the preview shows it: its main cells, what the import would do, and every problem found on it. */
export interface PreviewRow {
  line: number;
  id: string;
  type: string;
  siteCode: string;
  name: string;
  parentId: string;
  /** From a dry run that passed: create or update; null while the file has problems. */
  action: ImportLine['action'] | null;
  errors: { field: string; message: string }[];
}

export interface ImportPreview {
  rows: PreviewRow[];
  /** Problems of the file as a whole (the header, an unreadable file) or on a line the preview did not read. */
  fileErrors: RowError[];
  warnings: RowError[];
  /** The dry run passed: the import may be confirmed. */
  ok: boolean;
  created: number;
  updated: number;
  /** Lines with at least one problem. */
  badLines: number;
}

/** The answer of a dry run: 200 with what each line would do, or 400 listing every problem with its line. */
export type DryRunAnswer = { ok: true; outcome: ImportOutcome } | { ok: false; errors: RowError[]; warnings?: RowError[] };

const COLUMNS = ['id', 'type', 'siteCode', 'name', 'parentId'] as const;

/** The file's lines beside the server's verdict: each error goes to its line's row; a line the file has not (the header) to `fileErrors`. */
export function buildPreview(text: string, answer: DryRunAnswer): ImportPreview {
  const [header, ...body] = readCsvRecords(text);
  const index = new Map<string, number>();
  header?.cells.forEach((name, i) => {
    const known = COLUMNS.find((c) => c.toLowerCase() === name.toLowerCase());
    if (known && !index.has(known)) index.set(known, i);
  });
  const cell = (r: CsvRecord, c: (typeof COLUMNS)[number]): string => (index.has(c) ? (r.cells[index.get(c)!] ?? '') : '');
  const actions = new Map((answer.ok ? (answer.outcome.lines ?? []) : []).map((l) => [l.line, l.action]));
  const rows: PreviewRow[] = body.map((r) => ({
    line: r.line,
    id: cell(r, 'id'),
    type: cell(r, 'type'),
    siteCode: cell(r, 'siteCode'),
    name: cell(r, 'name'),
    parentId: cell(r, 'parentId'),
    action: actions.get(r.line) ?? null,
    errors: [],
  }));
  const byLine = new Map(rows.map((row) => [row.line, row]));
  const fileErrors: RowError[] = [];
  for (const e of answer.ok ? [] : answer.errors) {
    const row = e.field === 'file' ? undefined : byLine.get(e.line);
    if (row) row.errors.push({ field: e.field, message: e.message });
    else fileErrors.push(e);
  }
  return {
    rows,
    fileErrors,
    warnings: answer.ok ? answer.outcome.warnings : (answer.warnings ?? []),
    ok: answer.ok,
    created: answer.ok ? answer.outcome.created : 0,
    updated: answer.ok ? answer.outcome.updated : 0,
    badLines: rows.filter((r) => r.errors.length > 0).length,
  };
}

/** The rows to list: only those with problems when asked (a 5,000-line file with two bad lines). */
export function visibleRows(preview: ImportPreview, onlyProblems: boolean): PreviewRow[] {
  return onlyProblems ? preview.rows.filter((r) => r.errors.length > 0) : preview.rows;
}

/** A spreadsheet's CSV as text: UTF-8 (with or without BOM), else GB18030, which Excel on a Chinese Windows saves by default. */
export function decodeCsvFile(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}
