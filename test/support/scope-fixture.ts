import { PatrolGenerator, SiteVideoProfilesService, VideoEvidenceRecorder } from '@vigil/application';
import { DEMO_SLA_POLICY, type Role } from '@vigil/domain';
import { uniqueId } from './factories';
import { waitFor } from './wait-for';
import type { TestPlatform } from './test-platform';

export const SCOPE_ROLES: readonly Role[] = ['admin', 'supervisor', 'operator', 'engineer', 'auditor'];
export const STRONG_PASSWORD = 'Scope-walk-passphrase-93';
// a 1×1 PNG
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
export const SIGNATURE = `data:image/png;base64,${PNG.toString('base64')}`;

type Auth = { Authorization: string };
export type UnscopedRole = 'admin' | 'supervisor';

/**
 * Two customers over the REST API. A's things carry a marker in every name (and A's ids are unique),
 * so a leak of A into anything B's users read can be searched for in the raw answer.
 */
export interface ScopeFixture {
  /** In every name of A's things (customer, contract, sites, devices, fault, window, rota, users). */
  mark: string;
  /** Names of things the walk tries to create, so a wrongly accepted one is recognisable. */
  walk: string;
  period: string;
  customerA: string;
  contractA: string;
  siteA1: string;
  siteA2: string;
  codeA1: string;
  dvrA: string;
  camA: string;
  faultA: string;
  patrolA: string;
  patrolA2: string;
  lineKeyA: string;
  photoA: string;
  planA: string;
  windowA: string;
  rotaA: string;
  /** A maintenance request of A about its camera (no escalation, so nothing about it moves during the walk). */
  feedbackA: string;
  /** The callback of a fault of A fixed by phone, and a survey of A's site. */
  callbackA: string;
  surveyA: string;
  /** A service record of a visit at A's first site, and a photo of it. */
  serviceRecordA: string;
  serviceRecordPhotoA: string;
  /** An engineer scoped to customer A. */
  engineerA: string;
  /** A loaner unit (the pool's, no customer's) lent to A's site standing in for A's second camera, and an RMA of A's camera. */
  loanerA: string;
  /** The store the loaner units are kept in (the contractor's, no customer's). */
  storeA: string;
  loanA: string;
  rmaA: string;
  /** A gateway of A ([15]) at A's first site with A's DVR assigned, and the DVR's management fields. */
  gatewayA: string;
  customerB: string;
  contractB: string;
  siteB1: string;
  codeB1: string;
  dvrB: string;
  faultB: string;
  patrolB: string;
  windowB: string;
  rotaB: string;
  /** A spare engineer scoped to B, whose scope the walk tries to widen. */
  spareB: string;
  /** The users scoped to customer B, one per role, and their ids. */
  scopedB: Record<Role, { id: string; auth: Auth }>;
  /** Unscoped users (admin is the built-in one); a supervisor holds every permission of operators and engineers, admin every auditor's. */
  unscoped: Record<UnscopedRole, Auth>;
  /** The newest monthly checklist, as a valid body for publishing a new version. */
  template: { name: unknown; items: unknown[] };
  /** Every id of A's things: none may appear in what B's users read. */
  leakTokens: string[];
}

const bearer = (token: string): Auth => ({ Authorization: `Bearer ${token}` });

export async function buildScopeFixture(platform: TestPlatform): Promise<ScopeFixture> {
  const mark = uniqueId('ALPHA');
  const walk = uniqueId('WALK');
  const admin = bearer(await platform.login());
  const ok = async (method: 'post' | 'put' | 'patch', url: string, auth: Auth, body: unknown, status: number) => {
    const res = await platform.http[method](url)
      .set(auth)
      .send(body as object);
    if (res.status !== status) throw new Error(`fixture: ${method.toUpperCase()} ${url} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const create = async (role: Role, username: string, scope: unknown): Promise<string> =>
    (await ok('post', '/api/users', admin, { username, password: STRONG_PASSWORD, role, ...(scope === undefined ? {} : { scope }) }, 201)).id;
  const user = async (role: Role, username: string, scope: unknown) => ({ id: await create(role, username, scope), auth: bearer(await platform.login(username, STRONG_PASSWORD)) });

  const unscoped: Record<UnscopedRole, Auth> = { admin, supervisor: (await user('supervisor', uniqueId('all-supervisor'), undefined)).auth };

  const customerA = (await ok('post', '/api/customers', admin, { name: `${mark} customer` }, 201)).id;
  const customerB = (await ok('post', '/api/customers', admin, { name: 'Bravo customer' }, 201)).id;
  const contract = (customerId: string, name: string) =>
    ok('post', '/api/contracts', admin, { customerId, name, startsOn: '2026-01-01', endsOn: '2030-12-31', timeZone: 'Asia/Shanghai', slaPolicy: DEMO_SLA_POLICY }, 201);
  const contractA = (await contract(customerA, `${mark} contract`)).id;
  const contractB = (await contract(customerB, 'Bravo contract')).id;
  const codeA1 = `${mark}-S1`;
  const codeB1 = uniqueId('BRAVO-S1');
  const siteA1 = (await ok('post', '/api/sites', admin, { code: codeA1, name: `${mark} site`, region: 'Qingdao', customerId: customerA, contractId: contractA }, 201)).id;
  const siteA2 = (await ok('post', '/api/sites', admin, { code: `${mark}-S2`, name: `${mark} sub-site`, region: 'Qingdao', parentId: siteA1 }, 201)).id;
  const siteB1 = (await ok('post', '/api/sites', admin, { code: codeB1, name: 'Bravo site', region: 'Qingdao', customerId: customerB, contractId: contractB }, 201)).id;
  const dvrA = `${mark}-DVR`;
  const camA = `${mark}-CAM`;
  const dvrB = uniqueId('BRAVO-DVR');
  await ok('post', '/api/devices', admin, { id: dvrA, type: 'dvr', siteId: siteA1, name: `${mark} DVR` }, 201);
  await ok('post', '/api/devices', admin, { id: camA, type: 'camera', siteId: siteA1, name: `${mark} camera`, parentId: dvrA }, 201);
  await ok('post', '/api/devices', admin, { id: dvrB, type: 'dvr', siteId: siteB1, name: 'Bravo DVR' }, 201);

  const scopeA = { customerIds: [customerA], siteIds: [] };
  const scopeB = { customerIds: [customerB], siteIds: [] };
  const engineerA = await create('engineer', `${mark}-engineer`, scopeA);
  // password hashing dominates the fixture: B's users are made side by side
  const [spareB, ...bUsers] = await Promise.all([create('engineer', uniqueId('bravo-spare'), scopeB), ...SCOPE_ROLES.map((role) => user(role, uniqueId(`bravo-${role}`), scopeB))]);
  const scopedB = Object.fromEntries(SCOPE_ROLES.map((role, i) => [role, bUsers[i]])) as ScopeFixture['scopedB'];

  const report = (siteId: string, deviceId: string, text: string) =>
    ok(
      'post',
      '/api/faults',
      unscoped.supervisor,
      { siteId, deviceId, kind: 'no-picture', description: `${text} shows no picture`, reporter: `${text} guard`, channel: 'phone' },
      201,
    );
  const faultA = (await report(siteA1, camA, mark)).id;
  const faultB = (await report(siteB1, dvrB, 'Bravo')).id;
  await ok('post', `/api/faults/${faultA}/acknowledge`, unscoped.supervisor, { plan: `${mark} plan` }, 200);
  await ok('post', `/api/faults/${faultA}/dispatch`, unscoped.supervisor, { assigneeId: engineerA }, 200);
  // the dispatch notice goes out through engineer A's alert budget (after a short gather): it lands before any snapshot
  await waitFor(
    async () =>
      ((await platform.http.get(`/api/faults/${faultA}`).set(admin)).body.notifications as { reason: string }[] | undefined)?.some((n) => n.reason.startsWith('dispatched to')),
    30_000,
  );

  const now = Date.now();
  const window = (name: string, siteIds: string[]) =>
    ok(
      'post',
      '/api/maintenance-windows',
      admin,
      { name, startsAt: new Date(now).toISOString(), endsAt: new Date(now + 86_400_000).toISOString(), siteIds, reason: `${name} works` },
      201,
    );
  const windowA = (await window(`${mark} window`, [siteA1, siteA2])).id;
  const windowB = (await window('Bravo window', [siteB1])).id;
  const rota = (name: string, siteIds: string[], member: string) =>
    ok('post', '/api/oncall/rotas', admin, { name, siteIds, members: [member], startsAt: new Date(now).toISOString() }, 201);
  const rotaA = (await rota(`${mark} rota`, [siteA1, siteA2], engineerA)).id;
  const rotaB = (await rota('Bravo rota', [siteB1], scopedB.engineer.id)).id;

  // plans make no patrols themselves; the scheduler's generator does, and it is awaited here
  const startsOn = `${new Date(now).toISOString().slice(0, 7)}-01`;
  const planA = (await ok('post', '/api/patrol-plans', admin, { contractId: contractA, kind: 'monthly', startsOn }, 201)).id;
  await ok('post', '/api/patrol-plans', admin, { contractId: contractB, kind: 'monthly', startsOn }, 201);
  await platform.app.get(PatrolGenerator).generate();
  const patrolsOf = async (contractId: string) =>
    (await platform.http.get(`/api/patrols?contractId=${contractId}`).set(admin)).body.items as { id: string; siteId: string; planId: string; period: string }[];
  const ofA = (await patrolsOf(contractA)).filter((p) => p.planId === planA);
  const patrolA = ofA.find((p) => p.siteId === siteA1);
  const patrolA2 = ofA.find((p) => p.siteId === siteA2);
  const patrolB = (await patrolsOf(contractB))[0];
  if (!patrolA || !patrolA2 || !patrolB) throw new Error(`fixture: the generator made no patrols for A's sites or B's (${JSON.stringify(ofA)})`);
  await ok('post', `/api/patrols/${patrolA.id}/assign`, unscoped.supervisor, { assigneeId: engineerA }, 200);
  await ok('post', `/api/patrols/${patrolA.id}/start`, unscoped.supervisor, {}, 200);
  const lines = (await platform.http.get(`/api/patrols/${patrolA.id}`).set(admin)).body.lines as { lineKey: string; item: { type: string } }[];
  const lineKeyA = lines.find((l) => l.item.type === 'pass-fail')?.lineKey;
  if (!lineKeyA) throw new Error("fixture: A's patrol has no pass/fail line");
  await ok('put', `/api/patrols/${patrolA.id}/lines/${encodeURIComponent(lineKeyA)}`, unscoped.supervisor, { outcome: 'pass', note: `${mark} checked` }, 200);
  const photo = await platform.http.post(`/api/patrols/${patrolA.id}/lines/photo-room/photos`).set(unscoped.supervisor).set('Content-Type', 'image/png').send(PNG);
  if (photo.status !== 201) throw new Error(`fixture: photo → ${photo.status} ${JSON.stringify(photo.body)}`);

  const feedbackA = (
    await ok(
      'post',
      '/api/feedback',
      admin,
      {
        customerId: customerA,
        siteId: siteA1,
        deviceId: camA,
        kind: 'maintenance-request',
        channel: 'phone',
        reporterName: `${mark} guard`,
        text: `${mark} camera needs cleaning`,
      },
      201,
    )
  ).id;
  // a phone fix at A's site: its callback (回访) is opened by the platform once the fault closes
  const fixedA = (
    await ok(
      'post',
      '/api/faults',
      unscoped.supervisor,
      { siteId: siteA1, deviceId: camA, kind: 'damaged', description: `${mark} bracket loose`, reporter: `${mark} guard`, channel: 'phone' },
      201,
    )
  ).id as string;
  await ok('post', `/api/faults/${fixedA}/restore`, unscoped.supervisor, { note: `${mark} fixed by phone` }, 200);
  await ok('post', `/api/faults/${fixedA}/close`, unscoped.supervisor, { resolution: `${mark} fixed by phone` }, 200);
  const callbackA = await waitFor(
    async () =>
      ((await platform.http.get(`/api/callbacks?siteId=${siteA1}`).set(admin)).body.items as { id: string; faultId: string }[] | undefined)?.find((c) => c.faultId === fixedA)?.id,
    30_000,
  );
  const surveyA = (await ok('post', '/api/surveys', unscoped.supervisor, { siteId: siteA1, period: '2026-H2' }, 201)).id as string;
  const serviceRecordA = (await ok('post', '/api/service-records', unscoped.supervisor, { kind: 'visit', siteId: siteA1, workDone: `${mark} cleaned the DVR` }, 201)).id;
  const recordPhoto = await platform.http.post(`/api/service-records/${serviceRecordA}/photos`).set(unscoped.supervisor).set('Content-Type', 'image/png').send(PNG);
  if (recordPhoto.status !== 201) throw new Error(`fixture: service record photo → ${recordPhoto.status} ${JSON.stringify(recordPhoto.body)}`);

  const camA2 = `${mark}-CAM2`;
  await ok('post', '/api/devices', admin, { id: camA2, type: 'camera', siteId: siteA1, name: `${mark} camera 2`, parentId: dvrA }, 201);
  const storeA = (await ok('post', '/api/stores', admin, { name: 'fixture central store (the contractor’s, no customer’s)', kind: 'central' }, 201)).id as string;
  const loanerA = uniqueId('LNR');
  await ok('post', '/api/loaners', admin, { id: loanerA, type: 'camera', storeId: storeA }, 201);
  const loanA = (await ok('post', '/api/loans', unscoped.supervisor, { loanerId: loanerA, standsInFor: camA2 }, 201)).id as string;
  const rmaA = (await ok('post', '/api/rmas', unscoped.supervisor, { deviceId: camA, vendor: `${mark} vendor` }, 201)).id as string;

  // [14] video evidence of A's DVR and B's (what ingest would hand the recorder), so the figures have something of each to hide
  await platform.app.get(SiteVideoProfilesService).refresh();
  const recorder = platform.app.get(VideoEvidenceRecorder);
  for (const [deviceId, siteId] of [
    [dvrA, siteA1],
    [dvrB, siteB1],
  ])
    recorder.observe({ deviceId, siteId, at: new Date(), channels: [{ ch: 1, recording: true, recordedSec: 60, oldestRecording: '2026-01-01' }] });
  await recorder.flush();

  // [15] a gateway of A with A's DVR, and how the DVR is managed (the user name carries A's mark, the secret never shows)
  const gatewayA = `${mark}-GW`;
  await ok('post', '/api/gateways', admin, { id: gatewayA, name: `${mark} gateway`, siteId: siteA1 }, 201);
  await ok('put', `/api/gateways/${gatewayA}/devices`, admin, { deviceIds: [dvrA] }, 200);
  await ok(
    'put',
    `/api/devices/${dvrA}/management`,
    admin,
    { protocol: 'isapi', address: '10.9.0.1', credentials: { username: `${mark}-admin`, password: 'fixture-secret' } },
    200,
  );

  const templates = (await platform.http.get('/api/patrol-templates').set(admin)).body.items as { id: string; version: number; name: unknown; items: unknown[] }[];
  const monthly = templates.filter((t) => t.id === 'monthly').sort((a, b) => b.version - a.version)[0];

  const fixture: Omit<ScopeFixture, 'leakTokens'> = {
    mark,
    walk,
    period: patrolA.period,
    customerA,
    contractA,
    siteA1,
    siteA2,
    codeA1,
    dvrA,
    camA,
    faultA,
    patrolA: patrolA.id,
    patrolA2: patrolA2.id,
    lineKeyA,
    photoA: photo.body.id,
    planA,
    windowA,
    rotaA,
    feedbackA,
    callbackA,
    surveyA,
    serviceRecordA,
    serviceRecordPhotoA: recordPhoto.body.id,
    engineerA,
    loanerA,
    storeA,
    loanA,
    rmaA,
    gatewayA,
    customerB,
    contractB,
    siteB1,
    codeB1,
    dvrB,
    faultB,
    patrolB: patrolB.id,
    windowB,
    rotaB,
    spareB,
    scopedB,
    unscoped,
    template: { name: monthly.name, items: monthly.items },
  };
  const leakTokens = [
    mark,
    customerA,
    contractA,
    siteA1,
    siteA2,
    faultA,
    patrolA.id,
    patrolA2.id,
    photo.body.id,
    planA,
    windowA,
    rotaA,
    engineerA,
    feedbackA,
    callbackA,
    surveyA,
    serviceRecordA,
    recordPhoto.body.id,
    loanA,
    rmaA,
    gatewayA,
    feedbackA,
    callbackA,
    surveyA,
  ];
  return { ...fixture, leakTokens };
}

/**
 * Everything an unscoped admin can read, as it stands: lists of the whole estate and the details of
 * A's and B's things. Nothing in the walk may change any of it.
 */
export async function readEstate(platform: TestPlatform, f: ScopeFixture): Promise<Record<string, unknown>> {
  const admin = f.unscoped.admin;
  const urls = [
    '/api/customers',
    '/api/contracts',
    `/api/contracts/${f.contractA}`,
    `/api/contracts/${f.contractB}`,
    '/api/sites',
    `/api/sites/${f.siteA1}`,
    `/api/sites/${f.siteA2}`,
    '/api/devices',
    `/api/devices/${f.dvrA}`,
    `/api/devices/${f.camA}`,
    `/api/devices/${f.dvrB}`,
    `/api/devices/${f.dvrA}/history`,
    `/api/devices/${f.camA}/history`,
    `/api/devices/${f.dvrB}/history`,
    '/api/gateways',
    `/api/gateways/${f.gatewayA}`,
    `/api/devices/${f.dvrA}/management`,
    '/api/faults',
    `/api/faults/${f.faultA}`,
    `/api/faults/${f.faultB}`,
    '/api/patrols',
    `/api/patrols/${f.patrolA}`,
    `/api/patrols/${f.patrolA2}`,
    `/api/patrols/${f.patrolB}`,
    '/api/patrol-plans',
    '/api/patrol-templates',
    '/api/users',
    '/api/maintenance-windows',
    '/api/oncall/rotas',
    '/api/calendars/holidays',
    '/api/feedback',
    `/api/feedback/${f.feedbackA}`,
    '/api/callbacks',
    `/api/callbacks/${f.callbackA}`,
    `/api/contracts/${f.contractA}/callback-settings`,
    `/api/contracts/${f.contractA}/parts-terms`,
    `/api/loans/${f.loanA}`,
    `/api/loaners/${f.loanerA}`,
    '/api/surveys',
    `/api/surveys/${f.surveyA}`,
    '/api/service-records',
    `/api/service-records/${f.serviceRecordA}`,
  ];
  const estate: Record<string, unknown> = {};
  for (const url of urls) {
    const res = await platform.http.get(url).set(admin);
    estate[url] = res.status === 200 ? withoutVolatile(res.body) : { status: res.status };
  }
  return estate;
}

/** Fields that move by themselves while nothing is done: clocks computed against now. */
const VOLATILE = new Set(['now', 'asOf']);

function withoutVolatile(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutVolatile);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !VOLATILE.has(k))
        .map(([k, v]) => [k, withoutVolatile(v)]),
    );
  return value;
}

/** The paths at which two JSON values differ, each with both sides, for a readable failure; list items are matched by id. */
export function differences(before: unknown, after: unknown, path = ''): string[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';
  if (!isObj(before) || !isObj(after) || Array.isArray(before) !== Array.isArray(after)) {
    return [`${path || '(root)'}: ${JSON.stringify(before)?.slice(0, 200)} → ${JSON.stringify(after)?.slice(0, 200)}`];
  }
  const byId = (list: unknown[]) => (list.every((x) => isObj(x) && typeof x.id === 'string') ? new Map(list.map((x) => [`[id=${(x as { id: string }).id}]`, x])) : null);
  const [was, is] = Array.isArray(before) && Array.isArray(after) ? [byId(before), byId(after)] : [null, null];
  if (was && is) {
    const keys = new Set([...was.keys(), ...is.keys()]);
    return [...keys].flatMap((k) => differences(was.get(k), is.get(k), `${path}${k}`));
  }
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].flatMap((k) => differences(before[k], after[k], Array.isArray(before) ? `${path}[${k}]` : `${path}.${k}`));
}
