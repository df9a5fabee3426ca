import { Global, Module } from '@nestjs/common';
import { CsvWriter, PdfRenderer } from '@vigil/application';
import { CsvStringifyWriter } from './csv-stringify.writer';
import { PdfkitRenderer } from './pdfkit.renderer';

/** The document formats the use cases write: PDF reports and CSV exports. */
@Global()
@Module({
  providers: [
    { provide: PdfRenderer, useClass: PdfkitRenderer },
    { provide: CsvWriter, useClass: CsvStringifyWriter },
  ],
  exports: [PdfRenderer, CsvWriter],
})
export class DocumentsModule {}
