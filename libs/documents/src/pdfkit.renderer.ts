import { Injectable } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import { PdfRenderer, type PdfOptions, type PdfTable, type PdfWriter, type StreamedPdf } from '@vigil/application';

/** A CJK font shipped as a dependency, so Chinese renders on any machine without system fonts. */
const CJK_FONT = require.resolve('source-han-sans-cn/SourceHanSansCN-Regular.otf');
/** What a streamed document may hold unread before the writer waits for its reader. */
const STREAM_HIGH_WATER = 1 << 20;

function open({ title = 'Vigil report', layout = 'portrait' }: PdfOptions = {}): PDFKit.PDFDocument {
  const doc = new PDFDocument({ size: 'A4', layout, margin: 40, info: { Title: title, Producer: 'Vigil' } });
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
    doc.end();
    return done;
  }

  stream(out: NodeJS.WritableStream, options?: PdfOptions): StreamedPdf {
    const doc = open(options);
    doc.pipe(out);
    return new StreamedPdfkitWriter(doc, out);
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
