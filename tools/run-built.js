// Runs an offline tool (audit:verify, audit:purge, audit:rekey) from the build already in dist/, with its arguments.
// It never builds: `npm run build` starts by deleting dist/, which takes a platform running from it down.
const { existsSync } = require('node:fs');
const { join, relative } = require('node:path');

const [node, , script, ...args] = process.argv;
const root = join(__dirname, '..');
const path = join(root, script ?? '');
if (!script || !existsSync(path)) {
  console.error(`no build: ${relative(root, path) || 'dist/'} is missing; run npm run build first`);
  process.exit(2);
}
process.argv = [node, path, ...args];
require(path);
