import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';

const RUNNER = join(__dirname, 'run-built.js');
const ROOT = join(__dirname, '..');

describe('run-built', () => {
  it('should say to build first, with exit code 2, when the tool is not built', () => {
    const run = spawnSync(process.execPath, [RUNNER, 'dist/apps/scheduler/src/no-such-tool.js', '--file', 'x.jsonl'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('run npm run build first');
    expect(run.stderr).toContain('dist/apps/scheduler/src/no-such-tool.js');
  });

  it('should run the built tool with its arguments and its exit code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-run-built-'));
    try {
      writeFileSync(join(dir, 'tool.js'), 'console.log(JSON.stringify(process.argv.slice(2))); process.exitCode = 1;');
      const run = spawnSync(process.execPath, [RUNNER, relative(ROOT, join(dir, 'tool.js')), '--file', 'a b.jsonl'], { encoding: 'utf8' });
      expect(run.stdout.trim()).toBe(JSON.stringify(['--file', 'a b.jsonl']));
      expect(run.status).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
