export * from './documents.module';
export * from './pdfkit.renderer';
export * from './csv-stringify.writer';
