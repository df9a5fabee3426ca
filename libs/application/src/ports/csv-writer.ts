/** One CSV cell; a cell of text from people goes through neutraliseCell (@vigil/domain) first, against formula injection. */
export type CsvCell = string | number;

/** CSV text from rows (bound to csv-stringify in the documents lib). */
export abstract class CsvWriter {
  /** The rows as CSV text, quoted where needed; `crlf` ends each record with \r\n (what spreadsheets on Windows expect), `lf` with \n. */
  abstract write(rows: readonly (readonly CsvCell[])[], lineEnding?: 'crlf' | 'lf'): string;
}
