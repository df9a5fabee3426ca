import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyExport } from '@vigil/domain';
import { runCommand, withAuditChain } from './audit-cli';

/**
 * npm run audit:verify                        the chain in DATABASE_URL, every entry and checkpoint
 * npm run audit:verify -- --file export.jsonl [--key K]   a downloaded export, offline
 * Exit code 0 when intact, 1 when not, 2 on a usage or connection problem.
 */
runCommand('audit:verify', async () => {
  const { values } = parseArgs({ options: { file: { type: 'string' }, key: { type: 'string' } } });
  if (values.file) {
    const verdict = verifyExport(readFileSync(values.file, 'utf8'), values.key ?? process.env.VIGIL_AUDIT_KEY ?? null);
    console.log(JSON.stringify(verdict, null, 2));
    return verdict.ok ? 0 : 1;
  }
  return withAuditChain(async (chain) => {
    const verdict = await chain.verify();
    console.log(JSON.stringify(verdict, null, 2));
    return verdict.ok ? 0 : 1;
  });
});
