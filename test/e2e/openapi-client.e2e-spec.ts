import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

const API_DIR = join(__dirname, '..', '..', 'apps', 'web', 'src', 'api');
const DOCUMENT = join(API_DIR, 'openapi.json');
const SCHEMA = join(API_DIR, 'schema.d.ts');
const UPDATE = process.env.UPDATE_OPENAPI === '1';
const CLI = join(__dirname, '..', '..', 'node_modules', 'openapi-typescript', 'bin', 'cli.js');

/** openapi-typescript's own command (its library is ES modules only, which Jest on Node 20 cannot load). */
function typesOf(json: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-openapi-'));
  try {
    writeFileSync(join(dir, 'openapi.json'), json);
    return execFileSync(process.execPath, [CLI, join(dir, 'openapi.json'), '--alphabetize'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The web app's API client is typed from the server's own OpenAPI document. This suite fails when a route or
 * DTO changed and the committed document and types were not regenerated (`npm run api:generate` rewrites both).
 */
describe('the web app typed from the OpenAPI document', () => {
  const target = databaseTargets()[0];
  let db: TestDatabase;
  let platform: TestPlatform;

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db);
  });

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  it('should have the committed document and client types generated from the running server', async () => {
    const document = (await platform.http.get('/api/docs-json').expect(200)).body;
    const json = `${JSON.stringify(document, null, 2)}\n`;
    const types = typesOf(json);
    if (UPDATE) {
      writeFileSync(DOCUMENT, json);
      writeFileSync(SCHEMA, types);
    }
    expect(readFileSync(DOCUMENT, 'utf8')).toBe(json);
    expect(readFileSync(SCHEMA, 'utf8')).toBe(types);
  });
});
