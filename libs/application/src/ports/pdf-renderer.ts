/** A table of a report: column titles and widths in points, then rows of text. */
export interface PdfTable {
  columns: { title: string; width: number }[];
  rows: string[][];
}

/** A bar chart: one group of bars per category (a month, a site), one bar per series, drawn to scale with a legend. */
export interface PdfBarChart {
  title: string;
  categories: string[];
  series: { name: string; values: number[] }[];
  /** What the values count, under the axis ("件 entries"). */
  unit?: string;
  /** The top of the axis (10 for scores 0–10); the highest value when absent. */
  max?: number;
}

/** What a report is made of, written top to bottom: headings, `label: value` lines, gaps, tables, images and charts. */
export interface PdfWriter {
  title(text: string): this;
  field(label: string, value: string): this;
  gap(): this;
  /** Rows too many for a page go on to the next; `header` false leaves out the column titles (a table continued). */
  table(table: PdfTable, header?: boolean): this;
  /** A labelled image from a data URL (PNG or JPEG); nothing when null. */
  image(label: string, dataUrl: string | null): this;
  /** Goes on at the top of a new page. */
  newPage(): this;
  bars(chart: PdfBarChart): this;
}

/** A PDF written into a stream piece by piece, for documents too long to hold in memory. */
export interface StreamedPdf extends PdfWriter {
  /** Resolves once the reader has taken what was written so far (the renderer does not wait for it by itself). */
  drained(): Promise<void>;
  /** Ends the document; resolves when the stream has taken all of it. */
  end(): Promise<void>;
}

export interface PdfOptions {
  /** The document's title in its properties. */
  title?: string;
  layout?: 'portrait' | 'landscape';
  /** A footer on every page from its number and the page count, e.g. `第 ${n} 页 / 共 ${m} 页` (render only, not stream). */
  pageNumbers?: (page: number, pages: number) => string;
}

/** Bilingual reports as PDF, A4, with a CJK font embedded (bound to PDFKit in the documents lib). */
export abstract class PdfRenderer {
  /** The whole document's bytes. */
  abstract render(build: (pdf: PdfWriter) => void, options?: PdfOptions): Promise<Buffer>;
  /** A document written into `out` as it goes. */
  abstract stream(out: NodeJS.WritableStream, options?: PdfOptions): StreamedPdf;
}
