import 'reflect-metadata';
import { ChainNotVerified } from '@vigil/application';
import { rotateAuditKey, runCommand, withAuditChain } from './audit-cli';

/**
 * npm run audit:rekey    rotates the audit key, with every Vigil process stopped: the chain must verify under the
 * current key; then every checkpoint, the purge record and the head are signed with the new one, which goes
 *   - with VIGIL_AUDIT_KEY set: from VIGIL_AUDIT_KEY_NEW; set VIGIL_AUDIT_KEY to it before starting again;
 *   - on SQLite: a fresh key into VIGIL_DATA_DIR/keys/audit.key;
 *   - on PostgreSQL without VIGIL_AUDIT_KEY: a fresh key into the database, in the same transaction.
 * Exit code 0 when done, 1 when the chain does not verify (nothing changed), 2 on a usage problem.
 */
runCommand('audit:rekey', () =>
  withAuditChain(async (chain, config, settings) => {
    try {
      console.log(JSON.stringify(await rotateAuditKey(chain, config, settings, process.env.VIGIL_AUDIT_KEY_NEW ?? null)));
      return 0;
    } catch (err) {
      if (!(err instanceof ChainNotVerified)) throw err;
      console.error(err.message);
      return 1;
    }
  }),
);
