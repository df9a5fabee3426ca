import 'reflect-metadata';
import { runCommand, withAuditChain } from './audit-cli';

/**
 * npm run audit:purge    the retention purge the scheduler runs nightly, once, now: for a database whose
 * audit tables are locked to their owner role (deploy/postgres/lock-audit.sql), run it with that role's
 * DATABASE_URL. Exit code 0 when done, 2 on a problem.
 */
runCommand('audit:purge', () =>
  withAuditChain(async (chain, config) => {
    const removed = await chain.purge();
    console.log(JSON.stringify({ removed, retentionDays: config.auditRetentionDays }));
    return 0;
  }),
);
