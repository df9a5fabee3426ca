import { Injectable } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import { PdfRenderer, type PdfBarChart, type PdfOptions, type PdfTable, type PdfWriter, type StreamedPdf } from '@vigil/application';

/** A CJK font shipped as a dependency, so Chinese renders on any machine without system fonts. */
const CJK_FONT = require.resolve('source-han-sans-cn/SourceHanSansCN-Regular.otf');
/** What a streamed document may hold unread before the writer waits for its reader. */
const STREAM_HIGH_WATER = 1 << 20;

/** Bar colours, one per series, told apart in grey print too. */
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];

function open({ title = 'Vigil report', layout = 'portrait', pageNumbers }: PdfOptions = {}): PDFKit.PDFDocument {
  const doc = new PDFDocument({ size: 'A4', layout, margin: 40, bufferPages: pageNumbers !== undefined, info: { Title: title, Producer: 'Vigil' } });
  doc.registerFont('cjk', CJK_FONT);
  doc.font('cjk');
  return doc;
}

/** Reports through PDFKit. */
@Injectable()
export class PdfkitRenderer extends PdfRenderer {
  render(build: (pdf: PdfWriter) => void, options?: PdfOptions): Promise<Buffer> {
    const doc = open(options);
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve, reject) => {
      doc.on('data', (c: Buffer) => chunks.push(c));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
    });
    build(new PdfkitWriter(doc));
    if (options?.pageNumbers) numberPages(doc, options.pageNumbers);
    doc.end();
    return done;
  }

  stream(out: NodeJS.WritableStream, options?: PdfOptions): StreamedPdf {
    // a streamed document is not held back to be numbered
    const doc = open({ ...options, pageNumbers: undefined });
    doc.pipe(out);
    return new StreamedPdfkitWriter(doc, out);
  }
}

/** Writes each buffered page's footer in its bottom margin, centred. */
function numberPages(doc: PDFKit.PDFDocument, footer: (page: number, pages: number) => string): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    // inside the margin: PDFKit would otherwise start a new page for text below it
    doc.page.margins.bottom = 0;
    doc.fontSize(8).text(footer(i - start + 1, count), doc.page.margins.left, doc.page.height - bottom + 12, {
      width: doc.page.width - doc.page.margins.left - doc.page.margins.right,
      align: 'center',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
}

class PdfkitWriter implements PdfWriter {
  constructor(protected readonly doc: PDFKit.PDFDocument) {}

  title(text: string): this {
    this.doc.fontSize(16).text(text).moveDown(0.5);
    return this;
  }

  field(label: string, value: string): this {
    this.doc.fontSize(10).text(`${label}: ${value}`);
    return this;
  }

  gap(): this {
    this.doc.moveDown(0.8);
    return this;
  }

  table(t: PdfTable, header = true): this {
    const left = this.doc.page.margins.left;
    const draw = (cells: string[], size: number) => {
      this.doc.fontSize(size);
      const heights = cells.map((c, i) => this.doc.heightOfString(c, { width: t.columns[i].width - 4 }));
      const h = Math.max(...heights) + 4;
      if (this.doc.y + h > this.doc.page.height - this.doc.page.margins.bottom) this.doc.addPage();
      const y = this.doc.y;
      let x = left;
      cells.forEach((c, i) => {
        this.doc.text(c, x + 2, y + 2, { width: t.columns[i].width - 4 });
        x += t.columns[i].width;
      });
      this.doc
        .moveTo(left, y + h)
        .lineTo(x, y + h)
        .lineWidth(0.3)
        .stroke();
      this.doc.x = left;
      this.doc.y = y + h;
    };
    if (header)
      draw(
        t.columns.map((c) => c.title),
        8,
      );
    for (const row of t.rows) draw(row, 8);
    this.doc.moveDown(0.5);
    return this;
  }

  image(label: string, dataUrl: string | null): this {
    if (!dataUrl) return this;
    const data = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
    this.doc.fontSize(10).text(label);
    this.doc.image(data, { fit: [160, 80] });
    this.doc.moveDown(0.5);
    return this;
  }

  newPage(): this {
    this.doc.addPage();
    return this;
  }

  bars(chart: PdfBarChart): this {
    const doc = this.doc;
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    const plotHeight = 140;
    const legendRows = Math.ceil(chart.series.length / 4);
    const needed = 20 + plotHeight + 30 + legendRows * 12 + 10;
    if (doc.y + needed > doc.page.height - doc.page.margins.bottom) doc.addPage();
    doc.fontSize(11).fillColor('black').text(chart.title, left, doc.y);
    const top = doc.y + 6;
    const axisX = left + 30;
    const plotWidth = width - 30;
    const max = chart.max ?? Math.max(1, ...chart.series.flatMap((s) => s.values));
    // the axis: zero, half and the highest value
    doc.fontSize(7);
    for (const v of [0, max / 2, max]) {
      const y = top + plotHeight - (v / max) * plotHeight;
      doc.text(String(Math.round(v * 10) / 10), left, y - 4, { width: 26, align: 'right', lineBreak: false });
      doc
        .moveTo(axisX, y)
        .lineTo(axisX + plotWidth, y)
        .lineWidth(0.2)
        .strokeColor('#bbbbbb')
        .stroke();
    }
    const groups = Math.max(1, chart.categories.length);
    const groupWidth = plotWidth / groups;
    const barWidth = Math.max(1, (groupWidth * 0.8) / Math.max(1, chart.series.length));
    chart.categories.forEach((category, g) => {
      const x0 = axisX + g * groupWidth + groupWidth * 0.1;
      chart.series.forEach((s, i) => {
        const v = s.values[g] ?? 0;
        const h = (v / max) * plotHeight;
        if (h > 0) doc.rect(x0 + i * barWidth, top + plotHeight - h, barWidth, h).fill(PALETTE[i % PALETTE.length]);
      });
      doc
        .fillColor('black')
        .fontSize(7)
        .text(category, axisX + g * groupWidth, top + plotHeight + 3, { width: groupWidth, align: 'center', lineBreak: false });
    });
    doc
      .moveTo(axisX, top + plotHeight)
      .lineTo(axisX + plotWidth, top + plotHeight)
      .lineWidth(0.5)
      .strokeColor('black')
      .stroke();
    let y = top + plotHeight + 16;
    if (chart.unit) doc.fontSize(7).text(chart.unit, axisX, y, { lineBreak: false });
    y += 10;
    chart.series.forEach((s, i) => {
      const x = axisX + (i % 4) * (plotWidth / 4);
      const row = y + Math.floor(i / 4) * 12;
      doc.rect(x, row + 1, 8, 6).fill(PALETTE[i % PALETTE.length]);
      doc
        .fillColor('black')
        .fontSize(7)
        .text(s.name, x + 11, row, { width: plotWidth / 4 - 12, lineBreak: false });
    });
    doc.x = left;
    doc.y = y + legendRows * 12 + 8;
    doc.fillColor('black').strokeColor('black');
    return this;
  }
}

class StreamedPdfkitWriter extends PdfkitWriter implements StreamedPdf {
  constructor(
    doc: PDFKit.PDFDocument,
    private readonly out: NodeJS.WritableStream,
  ) {
    super(doc);
  }

  async drained(): Promise<void> {
    // PDFKit does not wait for its reader: hold on while the reader is still taking the last pages
    while ((this.doc as unknown as { readableLength: number }).readableLength > STREAM_HIGH_WATER) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  end(): Promise<void> {
    const ended = new Promise<void>((resolve) => this.out.once('finish', () => resolve()));
    this.doc.end();
    return ended;
  }
}
