import { DataSource } from 'typeorm';
import { EMBEDDED_BROKER, MqttConnection, type EmbeddedBroker } from '@vigil/messaging';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { makeSite } from '../support/factories';
import { startTestPlatform } from '../support/test-platform';

describe.each(databaseTargets())('start-up, migrations and health on $name', (target) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await target.create();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('should migrate an empty database, then start again on it without changing anything', async () => {
    const first = await startTestPlatform(db);
    const auth = { Authorization: `Bearer ${await first.login()}` };
    const site = (await first.http.post('/api/sites').set(auth).send(makeSite()).expect(201)).body;
    const migrations = await first.app.get(DataSource).query('SELECT name FROM migrations ORDER BY id');
    await first.close();

    const second = await startTestPlatform(db);
    try {
      const again = await second.app.get(DataSource).query('SELECT name FROM migrations ORDER BY id');
      expect(again).toEqual(migrations);
      expect(migrations.length).toBeGreaterThan(0);
      const auth2 = { Authorization: `Bearer ${await second.login()}` };
      const sites = await second.http.get('/api/sites').set(auth2).expect(200);
      expect(sites.body.items.map((s: { id: string }) => s.id)).toEqual([site.id]);
      const admins = await second.app.get(DataSource).query(`SELECT id FROM users WHERE username = 'admin'`);
      expect(admins).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('should write an audit entry with the change in the same transaction', async () => {
    const platform = await startTestPlatform(db);
    try {
      const auth = { Authorization: `Bearer ${await platform.login()}` };
      const site = (await platform.http.post('/api/sites').set(auth).send(makeSite()).expect(201)).body;
      await platform.http.patch(`/api/sites/${site.id}`).set(auth).send({ name: '改名 renamed' }).expect(200);
      const rows: { action: string; actor: string; role: string; before: string | null; after: string | null }[] = await platform.app
        .get(DataSource)
        .query(`SELECT action, actor, role, "before", "after" FROM audit_entries WHERE "entityId" = '${site.id}' ORDER BY id`);
      expect(rows.map((r) => [r.action, r.actor, r.role])).toEqual([
        ['create', 'admin', 'admin'],
        ['update', 'admin', 'admin'],
      ]);
      expect(JSON.parse(rows[1].before!).name).toBe(site.name);
      expect(JSON.parse(rows[1].after!).name).toBe('改名 renamed');
    } finally {
      await platform.close();
    }
  });
});

describe('health when the broker goes away', () => {
  it('should answer 503 once the embedded broker stops', async () => {
    const [target] = databaseTargets();
    const db = await target.create();
    const platform = await startTestPlatform(db);
    try {
      await platform.http.get('/health').expect(200);
      const connection = platform.app.get(MqttConnection);
      const disconnected = new Promise<void>((resolve) => connection.client.once('close', () => resolve()));
      await platform.app.get<EmbeddedBroker>(EMBEDDED_BROKER).stop();
      await disconnected;
      const res = await platform.http.get('/health');
      expect(res.status).toBe(503);
      expect(res.body.error.broker.status).toBe('down');
    } finally {
      await platform.close();
      await db.drop();
    }
  });
});
