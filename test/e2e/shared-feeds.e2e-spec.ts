import { randomBytes } from 'node:crypto';
import { filter, firstValueFrom, map, mergeMap, type Observable } from 'rxjs';
import { AssetChanges, DeviceStatusFeed, FaultNotices, type FaultNotice } from '@vigil/application';
import { brokerTargets, databaseTargets, type TestDatabase } from '../support/databases';
import { platformBrokerUrl } from '../support/device-client';
import { uniqueId } from '../support/factories';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

const targets = databaseTargets().flatMap((db) => brokerTargets().map((broker) => ({ name: `${db.name} + ${broker.name} broker`, db, broker })));

const fault = (id: string) =>
  ({
    id,
    deviceId: null,
    siteId: 'SITE-FEED',
    contractId: null,
    region: 'Qingdao',
    kind: 'other',
    subject: null,
    level: 4,
    state: 'open',
    source: 'report',
    parentFaultId: null,
    affectedCount: 0,
    description: 'feed test',
    reporter: null,
    channel: null,
    plan: null,
    assigneeId: null,
    patrolId: null,
    resolution: null,
    openedAt: new Date(),
    acknowledgedAt: null,
    dispatchedAt: null,
    arrivedAt: null,
    restoredAt: null,
    repairedAt: null,
    closedAt: null,
    clearedAt: null,
    updatedAt: new Date(),
    pauses: [],
  }) as unknown as FaultNotice['fault'];

/** Each shared feed: how a process publishes a marked event on it, and the marks its listeners hear. */
const feeds = {
  'asset-changes': {
    publish: (p: TestPlatform, mark: string) => p.app.get(AssetChanges).devicesChanged([mark]),
    marks: (p: TestPlatform): Observable<string> => p.app.get(AssetChanges).changed$.pipe(mergeMap((ids) => ids)),
  },
  'device-status': {
    publish: (p: TestPlatform, mark: string) => p.app.get(DeviceStatusFeed).publish([{ deviceId: mark, siteId: 'SITE-FEED', status: 'offline', at: new Date().toISOString() }]),
    marks: (p: TestPlatform): Observable<string> => p.app.get(DeviceStatusFeed).changes$.pipe(mergeMap((cs) => cs.map((c) => c.deviceId))),
  },
  'fault-notices': {
    publish: (p: TestPlatform, mark: string) => p.app.get(FaultNotices).publish({ type: 'updated', fault: fault(mark) }),
    marks: (p: TestPlatform): Observable<string> => p.app.get(FaultNotices).notices$.pipe(map((n) => n.fault.id)),
  },
};

// Two platform processes on one database and one broker, as a scaled-out install runs.
describe.each(targets)('shared feeds across two processes on $name', ({ db: dbTarget, broker }) => {
  let db: TestDatabase;
  let a: TestPlatform;
  let b: TestPlatform;

  beforeAll(async () => {
    db = await dbTarget.create();
    const env = (tag: string) => ({ ...broker.env, MQTT_CLIENT_ID: `${tag}-${randomBytes(4).toString('hex')}` });
    a = await startTestPlatform(db, { mqttUrl: broker.url, env: env('fa') });
    // the second process shares the first one's broker (its embedded one, with the platform's login) or the external one
    b = await startTestPlatform(db, {
      mqttUrl: broker.url ?? platformBrokerUrl(a),
      env: { ...env('fb'), ...(broker.url ? { MQTT_SHARED_GROUP: `g${randomBytes(3).toString('hex')}` } : {}) },
    });
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await db?.drop();
  });

  it.each(Object.keys(feeds) as (keyof typeof feeds)[])('should deliver a %s event to a listener in each process exactly once', async (name) => {
    const feed = feeds[name];
    const heard = { a: [] as string[], b: [] as string[] };
    const subscriptions = [feed.marks(a).subscribe((m) => heard.a.push(m)), feed.marks(b).subscribe((m) => heard.b.push(m))];
    try {
      const event = uniqueId('EVT');
      const bHeard = firstValueFrom(feed.marks(b).pipe(filter((m) => m === event)));
      feed.publish(a, event);
      // the publisher's own listener has it at once, before any broker round trip
      expect(heard.a).toEqual([event]);
      await bHeard;

      // b answers after it heard the event; the broker hands a its own echo of the event before b's answer, so once the
      // answer is in, a duplicate (a's echo, or b's local copy twice) would have arrived too
      const answer = uniqueId('ACK');
      const aHeardAnswer = firstValueFrom(feed.marks(a).pipe(filter((m) => m === answer)));
      feed.publish(b, answer);
      await aHeardAnswer;

      expect(heard.a).toEqual([event, answer]);
      expect(heard.b).toEqual([event, answer]);
    } finally {
      subscriptions.forEach((s) => s.unsubscribe());
    }
  });
});
