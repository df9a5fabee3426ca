import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Adapter packages and libs the use cases reach only through their ports. */
const FORBIDDEN = [
  'pdfkit',
  'argon2',
  '@nestjs/jwt',
  'csv-stringify',
  'prom-client',
  'typeorm',
  'mqtt',
  'nodemailer',
  '@vigil/observability',
  '@vigil/persistence',
  '@vigil/messaging',
  '@vigil/runtime',
  '@vigil/documents',
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [join(dir, e.name)] : [],
  );
}

describe('libs/application imports', () => {
  it('should import no adapter package and no adapter lib', () => {
    const found: string[] = [];
    for (const file of sources(__dirname)) {
      for (const [, from] of readFileSync(file, 'utf8').matchAll(/(?:from\s+|require\(|import\()\s*'([^']+)'/g)) {
        if (FORBIDDEN.some((p) => from === p || from.startsWith(`${p}/`))) found.push(`${file.slice(__dirname.length + 1)} imports ${from}`);
      }
    }
    expect(found).toEqual([]);
  });
});
