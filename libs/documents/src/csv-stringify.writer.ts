import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { CsvWriter, type CsvCell } from '@vigil/application';

/** CSV through csv-stringify. */
@Injectable()
export class CsvStringifyWriter extends CsvWriter {
  write(rows: readonly (readonly CsvCell[])[], lineEnding: 'crlf' | 'lf' = 'lf'): string {
    return stringify(rows as CsvCell[][], lineEnding === 'crlf' ? { record_delimiter: 'windows' } : {});
  }
}
