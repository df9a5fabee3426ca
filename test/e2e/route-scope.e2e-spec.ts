import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Test } from 'supertest';
import { DEMO_SLA_POLICY, isPermission, PERMISSIONS, type Permission, type Role } from '@vigil/domain';
import { databaseTargets, type TestDatabase } from '../support/databases';
import { binary, pdfTexts } from '../support/pdf';
import { buildScopeFixture, differences, PNG, readEstate, SCOPE_ROLES, SIGNATURE, STRONG_PASSWORD, type ScopeFixture, type UnscopedRole } from '../support/scope-fixture';
import { startTestPlatform, type TestPlatform } from '../support/test-platform';

/**
 * Every operation of the OpenAPI document, called by users scoped to customer B with customer A's
 * ids, must answer 404/403 (or 400 naming the field that points at A) and change nothing; lists,
 * exports and reports may answer 200 only without a trace of A. The table below says how to call
 * each operation; an operation without an entry fails the test, so a new route cannot be forgotten.
 */

/** One call of an operation: how to fill its path, query and body. */
interface Call {
  params?: Record<string, string>;
  query?: Record<string, string | undefined>;
  json?: unknown;
  csv?: string;
  png?: Buffer;
  /** `target`: aims at A's things, 404/403 expected. `list`: reads many things, 200 without A is fine. */
  kind?: 'target' | 'list';
  /** Body or query fields that point at A: a 400 naming one of them is a refusal too. */
  refs?: string[];
  /** Statuses an unscoped user may also get with this call in the validity check (state conflicts and the like). */
  alsoValid?: number[];
}

interface Rule {
  kind: 'target' | 'list';
  calls: (f: ScopeFixture) => Call[];
  /** An unscoped user's answer to the first call shows A's things (the reverse check of reads). */
  showsA?: boolean;
  /** Reads the audit trail: walked before anything else, while the trail holds no refusals naming A's ids (which B's users typed). */
  readsTrail?: boolean;
  /** Another check of a 200 answer to a scoped user: what leaked, or null. */
  leak?: (text: string, f: ScopeFixture) => string | null;
  /** A route announced in CONTRACT.md that may not be in the document yet. */
  announced?: boolean;
  /**
   * Not a user route: it answers only a gateway's own login (HTTP Basic, [15]), so every user's bearer token is refused with 401
   * before anything is read; its own tests cover the gateway's side.
   */
  gatewayLogin?: boolean;
}

const now = () => new Date().toISOString();
const inADay = () => new Date(Date.now() + 86_400_000).toISOString();
const changedPolicy = {
  ...DEMO_SLA_POLICY,
  levels: { ...DEMO_SLA_POLICY.levels, 1: { ...DEMO_SLA_POLICY.levels['1'], Qingdao: { ...DEMO_SLA_POLICY.levels['1'].Qingdao, respondMinutes: 45 } } },
};
const rota = (f: ScopeFixture, over: Record<string, unknown>) => ({ name: `${f.walk} rota`, members: [f.scopedB.engineer.id], startsAt: now(), ...over });
const window = (f: ScopeFixture, over: Record<string, unknown>) => ({ name: `${f.walk} window`, startsAt: now(), endsAt: inADay(), reason: 'walk', ...over });
const device = (f: ScopeFixture, suffix: string, over: Record<string, unknown>) => ({ id: `${f.walk}-${suffix}`, type: 'camera', name: `${f.walk} camera`, ...over });
const site = (f: ScopeFixture, suffix: string, over: Record<string, unknown>) => ({ code: `${f.walk}-${suffix}`, name: `${f.walk} site`, region: 'Qingdao', ...over });
const fault = (f: ScopeFixture, over: Record<string, unknown>) => ({ kind: 'damaged', description: `${f.walk} broken`, reporter: `${f.walk} guard`, channel: 'phone', ...over });
const newUser = (f: ScopeFixture, suffix: string, over: Record<string, unknown>) => ({
  username: `${f.walk}-${suffix}`.toLowerCase(),
  password: STRONG_PASSWORD,
  role: 'engineer',
  ...over,
});
const feedback = (f: ScopeFixture, over: Record<string, unknown>) => ({ kind: 'praise', channel: 'phone', reporterName: `${f.walk} caller`, text: `${f.walk} thanks`, ...over });
const plan = (over: Record<string, unknown>) => ({ kind: 'weekly-power-on', startsOn: '2026-12-07', ...over });
const csv = (rows: string[][]) => `${rows.map((r) => r.join(',')).join('\n')}\n`;

/** Faults of B open at the fixture: what B's users may count in the summary. */
const OPEN_FAULTS_OF_B = 1;

const RULES: Record<string, Rule> = {
  // ingest diagnostics are of the whole estate, with no customer's names (A's devices send nothing)
  'GET /api/ingest/stats': { kind: 'list', calls: () => [{}] },
  'GET /api/ingest/dropped': { kind: 'list', calls: () => [{}] },
  'GET /api/ingest/discovered': { kind: 'list', calls: () => [{}] },
  // an unregistered id belongs to no customer: only unscoped users may forget it
  'DELETE /api/ingest/discovered/{id}': { kind: 'target', calls: (f) => [{ params: { id: `${f.mark}-UNKNOWN` }, alsoValid: [404] }] },

  'GET /api/auth/me': { kind: 'list', calls: () => [{}] },

  'POST /api/gateways': { kind: 'target', calls: (f) => [{ json: { id: `${f.walk}-GW1`, name: `${f.walk} gateway`, siteId: f.siteA1 }, refs: ['siteId'] }] },
  'GET /api/gateways': { kind: 'list', showsA: true, calls: () => [{}] },
  'GET /api/gateways/{id}': { kind: 'target', showsA: true, calls: (f) => [{ params: { id: f.gatewayA } }] },
  'PATCH /api/gateways/{id}': { kind: 'target', calls: (f) => [{ params: { id: f.gatewayA }, json: { name: `${f.walk} renamed` } }] },
  'DELETE /api/gateways/{id}': { kind: 'target', calls: (f) => [{ params: { id: f.gatewayA } }] },
  'PUT /api/gateways/{id}/devices': { kind: 'target', calls: (f) => [{ params: { id: f.gatewayA }, json: { deviceIds: [f.dvrA, f.camA] } }] },
  'POST /api/gateways/{id}/mqtt-secret': { kind: 'target', calls: (f) => [{ params: { id: f.gatewayA } }] },
  'GET /api/devices/{id}/management': { kind: 'target', showsA: true, calls: (f) => [{ params: { id: f.dvrA } }] },
  'PUT /api/devices/{id}/management': {
    kind: 'target',
    calls: (f) => [{ params: { id: f.camA }, json: { protocol: 'onvif', address: '10.9.0.2', credentials: { username: 'walk' } } }],
  },
  'DELETE /api/devices/{id}/management': { kind: 'target', calls: (f) => [{ params: { id: f.dvrA } }] },
  'GET /api/agent/config': { kind: 'target', gatewayLogin: true, calls: () => [{}] },
  'POST /api/agent/discovered': { kind: 'target', gatewayLogin: true, calls: (f) => [{ json: { items: [{ id: `${f.walk}-FOUND`, type: 'camera' }] } }] },

  'POST /api/users': {
    kind: 'target',
    calls: (f) => [
      { json: newUser(f, 'u1', { scope: { customerIds: [f.customerA], siteIds: [] } }), refs: ['scope', 'customerIds'] },
      { json: newUser(f, 'u2', { scope: { customerIds: [], siteIds: [f.siteA2] } }), refs: ['scope', 'siteIds'] },
      // no scope is the whole estate, A included
      { json: newUser(f, 'u3', {}), refs: ['scope'] },
    ],
  },
  'GET /api/users': { kind: 'list', showsA: true, calls: () => [{}, { query: { role: 'engineer' } }] },
  'PATCH /api/users/{id}': {
    kind: 'target',
    calls: (f) => [
      { params: { id: f.engineerA }, json: { displayName: `${f.walk} renamed` } },
      { params: { id: f.spareB }, json: { scope: { customerIds: [f.customerB, f.customerA], siteIds: [] } }, refs: ['scope', 'customerIds'] },
      { params: { id: f.spareB }, json: { scope: null }, refs: ['scope'] },
    ],
  },

  'POST /api/sites': {
    kind: 'target',
    calls: (f) => [
      { json: site(f, 'S1', { customerId: f.customerA }), refs: ['customerId'] },
      { json: site(f, 'S2', { parentId: f.siteA1 }), refs: ['parentId'] },
      { json: site(f, 'S3', { contractId: f.contractA }), refs: ['contractId'] },
    ],
  },
  'GET /api/sites': { kind: 'list', showsA: true, calls: (f) => [{}, { query: { customerId: f.customerA } }, { query: { parentId: f.siteA1 } }] },
  'GET /api/sites/{id}': { kind: 'target', showsA: true, calls: (f) => [{ params: { id: f.siteA1 } }, { params: { id: f.siteA2 } }] },
  'PATCH /api/sites/{id}': {
    kind: 'target',
    calls: (f) => [
      { params: { id: f.siteA2 }, json: { name: `${f.walk} renamed` } },
      { params: { id: f.siteB1 }, json: { parentId: f.siteA1 }, refs: ['parentId'] },
      { params: { id: f.siteB1 }, json: { customerId: f.customerA }, refs: ['customerId'] },
      { params: { id: f.siteB1 }, json: { contractId: f.contractA }, refs: ['contractId'] },
    ],
  },
  // the sub-site: it has no devices, so nothing but the scope stops its deletion
  'DELETE /api/sites/{id}': { kind: 'target', calls: (f) => [{ params: { id: f.siteA2 } }] },

  'POST /api/devices': {
    kind: 'target',
    calls: (f) => [
      { json: device(f, 'C1', { siteId: f.siteA1 }), refs: ['siteId'] },
      { json: device(f, 'C2', { siteId: f.siteB1, parentId: f.dvrA }), refs: ['parentId'] },
    ],
  },
  'GET /api/devices': { kind: 'list', showsA: true, calls: (f) => [{}, { query: { siteId: f.siteA1 } }, { query: { parentId: f.dvrA } }, { query: { q: f.mark } }] },
  'GET /api/devices/export.csv': { kind: 'list', showsA: true, calls: () => [{}] },
  'POST /api/devices/import': {
    kind: 'target',
    calls: (f) => {
      const aRows = csv([
        ['id', 'type', 'siteCode', 'name'],
        [f.dvrA, 'dvr', f.codeA1, `${f.walk} imported`],
        [`${f.walk}-C3`, 'camera', f.codeA1, 'new'],
      ]);
      return [
        { csv: aRows, refs: ['siteCode', 'id'] },
        // a dry run that names A's device would tell whether it exists
        { csv: aRows, query: { dryRun: '1' }, refs: ['siteCode', 'id'] },
        {
          csv: csv([
            ['id', 'type', 'siteCode', 'parentId'],
            [`${f.walk}-C4`, 'camera', f.codeB1, f.dvrA],
          ]),
          refs: ['parentId'],
        },
      ];
    },
  },
  'GET /api/devices/{id}': { kind: 'target', showsA: true, calls: (f) => [{ params: { id: f.dvrA } }, { params: { id: f.camA } }] },
  'PATCH /api/devices/{id}': {
    kind: 'target',
    calls: (f) => [
      { params: { id: f.camA }, json: { name: `${f.walk} renamed` } },
      { params: { id: f.dvrB }, json: { siteId: f.siteA1 }, refs: ['siteId'] },
      { params: { id: f.dvrB }, json: { parentId: f.dvrA }, refs: ['parentId'] },
    ],
  },
  'DELETE /api/devices/{id}': { kind: 'target', calls: (f) => [{ params: { id: f.camA } }] },
  'GET /api/devices/{id}/history': { kind: 'target', calls: (f) => [{ params: { id: f.dvrA }, query: { limit: '50' } }] },
  'GET /api/devices/{id}/online': { kind: 'target', calls: (f) => [{ params: { id: f.dvrA } }] },
  'POST /api/devices/{id}/mqtt-secret': { kind: 'target', calls: (f) => [{ params: { id: f.dvrA } }] },
  'POST /api/devices/mqtt-secrets': {
    kind: 'target',
    calls: (f) => [{ json: { siteId: f.siteA1 } }, { json: { deviceIds: [f.dvrB, f.dvrA] } }, { json: { siteId: f.siteA1, missingOnly: true } }],
  },

  'GET /api/customers': { kind: 'list', showsA: true, calls: () => [{}] },
  // a new customer lies outside every scope: only unscoped users create one
  'POST /api/customers': { kind: 'target', calls: (f) => [{ json: { name: `${f.walk} customer` } }] },
  // changing a customer needs the whole customer in scope
  'PATCH /api/customers/{id}': { kind: 'target', calls: (f) => [{ params: { id: f.customerA }, json: { contactName: `${f.walk} contact`, contactEmail: 'walk@example.com' } }] },
  // public: the token is the credential; one never issued is 404 for everyone
  'GET /api/links/{token}': { kind: 'list', calls: () => [{ params: { token: 'never-issued-token-0000000000000000000000' } }] },
  'POST /api/links/{token}/sign': {
    kind: 'target',
    calls: (f) => [{ params: { token: 'never-issued-token-0000000000000000000000' }, json: { signerName: `${f.walk} signer`, signature: SIGNATURE }, alsoValid: [404] }],
  },

  // no link of A is issued in this platform (no mail server): an unknown id is 404 for everyone
  'POST /api/customer-links/{id}/revoke': { kind: 'target', calls: (f) => [{ params: { id: `${f.walk}-no-such-link` }, alsoValid: [404] }] },

  'GET /api/service-records': {
    kind: 'list',
    showsA: true,
    calls: (f) => [
      {},
      { query: { customerId: f.customerA } },
      { query: { contractId: f.contractA } },
      { query: { siteId: f.siteA1 } },
      { query: { kind: 'visit', state: 'draft' } },
      { query: { flagged: '0' } },
    ],
  },
  'GET /api/service-records/export.csv': { kind: 'list', calls: (f) => [{}, { query: { customerId: f.customerA } }, { query: { siteId: f.siteA1 } }] },
  'POST /api/service-records': {
    kind: 'target',
    calls: (f) => [
      { json: { kind: 'visit', siteId: f.siteA1, workDone: `${f.walk} work` }, refs: ['siteId'] },
      { json: { kind: 'fault', jobId: f.faultA }, refs: ['jobId'] },
      { json: { kind: 'patrol', jobId: f.patrolA }, refs: ['jobId'] },
    ],
  },
  'GET /api/service-records/{id}': { kind: 'target', showsA: true, calls: (f) => [{ params: { id: f.serviceRecordA } }] },
  'PATCH /api/service-records/{id}': { kind: 'target', calls: (f) => [{ params: { id: f.serviceRecordA }, json: { partsUsed: `${f.walk} parts` } }] },
  'GET /api/service-records/{id}/customer-copy.pdf': { kind: 'target', showsA: true, calls: (f) => [{ params: { id: f.serviceRecordA } }] },
  'POST /api/service-records/{id}/photos': { kind: 'target', calls: (f) => [{ params: { id: f.serviceRecordA }, png: PNG }] },
  'GET /api/service-records/{id}/photos/{photoId}': { kind: 'target', calls: (f) => [{ params: { id: f.serviceRecordA, photoId: f.serviceRecordPhotoA } }] },
  // no mail server in this platform: the unscoped get 400 naming channel, the scoped must get 404 first
  'POST /api/service-records/{id}/send-link': { kind: 'target', calls: (f) => [{ params: { id: f.serviceRecordA }, json: { channel: 'mail' }, alsoValid: [400] }] },
  'POST /api/service-records/{id}/sign': {
    kind: 'target',
    calls: (f) => [{ params: { id: f.serviceRecordA }, json: { signerName: `${f.walk} signer`, signerTitle: 'manager', signature: SIGNATURE } }],
  },
  'POST /api/service-records/{id}/corrections': {
    kind: 'target',
    calls: (f) => [{ params: { id: f.serviceRecordA }, json: { field: 'workDone', value: `${f.walk} more`, note: `${f.walk} correction` } }],
  },
  'GET /api/contracts': { kind: 'list', showsA: true, calls: () => [{}] },
  'POST /api/contracts': {
    kind: 'target',
    calls: (f) => [
      { json: { customerId: f.customerA, name: `${f.walk} contract`, startsOn: '2027-01-01', endsOn: '2027-12-31', slaPolicy: DEMO_SLA_POLICY }, refs: ['customerId'] },
    ],
  },
  'GET /api/contracts/{id}': { kind: 'target', showsA: true, calls: (f) => [{ params: { id: f.contractA } }] },
  'PUT /api/contracts/{id}/sla-policy': { kind: 'target', calls: (f) => [{ params: { id: f.contractA }, json: { slaPolicy: changedPolicy } }] },
  'PUT /api/contracts/{id}/fault-rules': { kind: 'target', calls: (f) => [{ params: { id: f.contractA }, json: { faultRules: { levels: { 'video-loss': { camera: 1 } } } } }] },
  'PUT /api/contracts/{id}/feedback-rules': { kind: 'target', calls: (f) => [{ params: { id: f.contractA }, json: { feedbackRules: { complaintConfirmation: true } } }] },
  'GET /api/contracts/{id}/callback-settings': { kind: 'target', showsA: true, calls: (f) => [{ params: { id: f.contractA } }] },
  'PUT /api/contracts/{id}/callback-settings': { kind: 'target', calls: (f) => [{ params: { id: f.contractA }, json: { settings: { delayMinutes: 150 } } }] },
  'GET /api/contracts/{id}/parts-terms': { kind: 'target', showsA: true, calls: (f) => [{ params: { id: f.contractA } }] },
  'PUT /api/contracts/{id}/parts-terms': { kind: 'target', calls: (f) => [{ params: { id: f.contractA }, json: { settings: { loanerDueDays: 10 } } }] },
  // the loaner pool is the contractor's, no customer's: a unit shows to everyone, the loan it is out on only within scope
  'GET /api/loaners': { kind: 'list', calls: (f) => [{}, { query: { storeId: f.storeA } }] },
  'POST /api/loaners': { kind: 'target', calls: (f) => [{ json: { id: `${f.walk}-LNR`, type: 'camera', storeId: f.storeA } }] },
  'GET /api/loaners/{id}': { kind: 'list', showsA: true, calls: (f) => [{ params: { id: f.loanerA } }] },
  'POST /api/loaners/{id}/mqtt-secret': { kind: 'target', calls: (f) => [{ params: { id: f.loanerA } }] },
  'POST /api/loaners/{id}/retire': { kind: 'target', calls: (f) => [{ params: { id: f.loanerA } }] },
  'GET /api/loans': { kind: 'list', showsA: true, calls: (f) => [{}, { query: { siteId: f.siteA1 } }, { query: { overdue: 'false' } }] },
  'POST /api/loans': { kind: 'target', calls: (f) => [{ json: { loanerId: f.loanerA, standsInFor: f.camA }, alsoValid: [400] }] },
  'GET /api/loans/{id}': { kind: 'target', showsA: true, calls: (f) => [{ params: { id: f.loanA } }] },
  'PATCH /api/loans/{id}': { kind: 'target', calls: (f) => [{ params: { id: f.loanA }, json: { dueBackOn: '2099-12-31' } }] },
  'POST /api/loans/{id}/swap-back': { kind: 'target', calls: (f) => [{ params: { id: f.loanA } }] },
  'GET /api/rmas': { kind: 'list', showsA: true, calls: (f) => [{}, { query: { deviceId: f.camA } }] },
  'GET /api/rmas/export.csv': { kind: 'list', showsA: true, calls: (f) => [{}, { query: { deviceId: f.camA } }] },
  'POST /api/rmas': { kind: 'target', calls: (f) => [{ json: { deviceId: f.camA, vendor: `${f.walk} vendor` }, refs: ['deviceId'] }] },
  'GET /api/rmas/{id}': { kind: 'target', showsA: true, calls: (f) => [{ params: { id: f.rmaA } }] },
  'POST /api/rmas/{id}/{step}': { kind: 'target', calls: (f) => [{ params: { id: f.rmaA, step: 'receive' }, json: {} }] },
  'GET /api/devices/{id}/warranty': { kind: 'target', showsA: true, calls: (f) => [{ params: { id: f.camA } }] },
  'GET /api/reports/loaners': { kind: 'target', showsA: true, calls: (f) => [{ query: { contractId: f.contractA, period: '2026-12' } }] },
  'GET /api/faults/{id}/repeat-failure': { kind: 'target', showsA: true, calls: (f) => [{ params: { id: f.faultA } }] },
  'GET /api/calendars/holidays': { kind: 'list', calls: () => [{}] },
  // the calendar is the whole estate's: unscoped users only
  'PUT /api/calendars/holidays/{year}': { kind: 'target', calls: () => [{ params: { year: '2099' }, json: { daysOff: ['2099-01-01'], makeUpWorkdays: [] } }] },

  'GET /api/faults': { kind: 'list', showsA: true, calls: (f) => [{}, { query: { siteId: f.siteA1 } }, { query: { deviceId: f.camA } }, { query: { assigneeId: f.engineerA } }] },
  'POST /api/faults': {
    kind: 'target',
    calls: (f) => [
      { json: fault(f, { siteId: f.siteA1 }), refs: ['siteId'] },
      { json: fault(f, { siteId: f.siteA1, deviceId: f.dvrA }), refs: ['siteId', 'deviceId'] },
      // B's site with A's device: 400 for the unscoped too (the device is elsewhere); the scoped must not learn more
      { json: fault(f, { siteId: f.siteB1, deviceId: f.dvrA }), refs: ['deviceId'], alsoValid: [400] },
    ],
  },
  'GET /api/faults/summary': {
    kind: 'list',
    calls: () => [{}],
    leak: (text) => {
      const counted = Object.values(JSON.parse(text) as Record<string, number>).reduce((a, b) => a + b, 0);
      return counted > OPEN_FAULTS_OF_B ? `counts ${counted} open faults, B has ${OPEN_FAULTS_OF_B}` : null;
    },
  },
  'GET /api/faults/{id}': { kind: 'target', showsA: true, calls: (f) => [{ params: { id: f.faultA } }] },
  // spare parts: stores are the contractor's, of the whole estate; scoped users read them (nothing of A's in them) and
  // change nothing (403); parts on a fault go with the fault's scope
  'GET /api/stores': { kind: 'list', calls: () => [{}] },
  'POST /api/stores': { kind: 'target', calls: (f) => [{ json: { name: `${f.walk} store`, kind: 'regional', region: 'Qingdao' } }] },
  'PATCH /api/stores/{id}': { kind: 'target', calls: (f) => [{ params: { id: `${f.walk}-no-store` }, json: { name: `${f.walk} store` }, alsoValid: [404] }] },
  'GET /api/part-models': { kind: 'list', calls: () => [{}] },
  'POST /api/part-models': {
    kind: 'target',
    calls: (f) => [{ json: { sku: `${f.walk}-SKU`, name: `${f.walk} part`, compatibleModels: ['any'], unitCostCents: 100, warrantyMonths: 12 } }],
  },
  'PATCH /api/part-models/{id}': { kind: 'target', calls: (f) => [{ params: { id: `${f.walk}-no-model` }, json: { name: `${f.walk} part` }, alsoValid: [404] }] },
  'GET /api/stock': { kind: 'list', calls: () => [{}, { query: { belowMinimum: '1' } }] },
  'POST /api/stock/receive': { kind: 'target', calls: (f) => [{ json: { storeId: `${f.walk}-s`, partModelId: `${f.walk}-m`, quantity: 1 }, alsoValid: [400] }] },
  'POST /api/stock/adjust': { kind: 'target', calls: (f) => [{ json: { storeId: `${f.walk}-s`, partModelId: `${f.walk}-m`, delta: -1, reason: 'walk' }, alsoValid: [400] }] },
  'POST /api/stock/transfer': {
    kind: 'target',
    calls: (f) => [{ json: { fromStoreId: `${f.walk}-s`, toStoreId: `${f.walk}-t`, partModelId: `${f.walk}-m`, quantity: 1 }, alsoValid: [400] }],
  },
  'POST /api/stock/minimum': { kind: 'target', calls: (f) => [{ json: { storeId: `${f.walk}-s`, partModelId: `${f.walk}-m`, minimum: 1 }, alsoValid: [400] }] },
  'GET /api/stock/movements': { kind: 'list', calls: (f) => [{}, { query: { faultId: f.faultA } }] },
  'GET /api/stock/movements.csv': { kind: 'list', calls: (f) => [{}, { query: { faultId: f.faultA } }] },
  'GET /api/faults/{id}/parts': { kind: 'target', calls: (f) => [{ params: { id: f.faultA } }] },
  'POST /api/faults/{id}/parts': { kind: 'target', calls: (f) => [{ params: { id: f.faultA }, json: { partModelId: `${f.walk}-m`, storeId: `${f.walk}-s` }, alsoValid: [400] }] },
  'POST /api/faults/{id}/parts/{partId}/issue': { kind: 'target', calls: (f) => [{ params: { id: f.faultA, partId: `${f.walk}-p` }, json: {}, alsoValid: [404] }] },
  'POST /api/faults/{id}/parts/{partId}/fit': { kind: 'target', calls: (f) => [{ params: { id: f.faultA, partId: `${f.walk}-p` }, json: { serialIn: 'SN1' }, alsoValid: [404] }] },
  'POST /api/faults/{id}/parts/{partId}/return': { kind: 'target', calls: (f) => [{ params: { id: f.faultA, partId: `${f.walk}-p` }, json: {}, alsoValid: [404] }] },
  'POST /api/faults/{id}/parts/{partId}/cancel': { kind: 'target', calls: (f) => [{ params: { id: f.faultA, partId: `${f.walk}-p` }, json: {}, alsoValid: [404] }] },
  'POST /api/faults/{id}/parts/{partId}/wait': { kind: 'target', calls: (f) => [{ params: { id: f.faultA, partId: `${f.walk}-p` }, json: {}, alsoValid: [404] }] },
  'GET /api/reports/parts': { kind: 'target', calls: (f) => [{ query: { contractId: f.contractA, period: '2026-11' } }] },
  'GET /api/faults/{id}/on-call': { kind: 'target', calls: (f) => [{ params: { id: f.faultA } }] },
  'GET /api/faults/{id}/assignees': { kind: 'target', calls: (f) => [{ params: { id: f.faultA } }] },
  // B's fault beside A's: refused as a whole, B's fault left unacknowledged
  'POST /api/faults/acknowledge': {
    kind: 'target',
    calls: (f) => [{ json: { ids: [f.faultA], plan: `${f.walk} plan` } }, { json: { ids: [f.faultB, f.faultA], plan: `${f.walk} plan` } }],
  },
  'POST /api/faults/{id}/acknowledge': { kind: 'target', calls: (f) => [{ params: { id: f.faultA }, json: { plan: `${f.walk} plan` }, alsoValid: [409] }] },
  'POST /api/faults/{id}/dispatch': {
    kind: 'target',
    calls: (f) => [
      { params: { id: f.faultA }, json: { assigneeId: f.engineerA } },
      { params: { id: f.faultB }, json: { assigneeId: f.engineerA }, refs: ['assigneeId'] },
    ],
  },
  'POST /api/faults/{id}/arrive': { kind: 'target', calls: (f) => [{ params: { id: f.faultA } }] },
  'POST /api/faults/{id}/restore': { kind: 'target', calls: (f) => [{ params: { id: f.faultA }, json: { note: `${f.walk} restored` } }] },
  'POST /api/faults/{id}/close': { kind: 'target', calls: (f) => [{ params: { id: f.faultA }, json: { resolution: `${f.walk} fixed`, repaired: true } }] },
  'POST /api/faults/{id}/pause': { kind: 'target', calls: (f) => [{ params: { id: f.faultA }, json: { reason: 'customer refused access' } }] },
  'POST /api/faults/{id}/resume': { kind: 'target', calls: (f) => [{ params: { id: f.faultA } }] },
  // evaluating under A's contract reads A's SLA policy
  'POST /api/sla/evaluate': {
    kind: 'target',
    calls: (f) => [
      {
        json: { contractId: f.contractA, level: 2, region: 'Qingdao', openedAt: '2026-10-09T15:00:00+08:00', events: [], asOf: '2026-10-20T00:00:00+08:00' },
        refs: ['contractId'],
      },
    ],
  },

  'GET /api/oncall/rotas': { kind: 'list', showsA: true, calls: () => [{}] },
  'POST /api/oncall/rotas': {
    kind: 'target',
    calls: (f) => [
      { json: rota(f, { siteIds: [f.siteA1] }), refs: ['siteIds'] },
      { json: rota(f, { contractId: f.contractA }), refs: ['contractId'] },
      { json: rota(f, { siteIds: [f.siteB1], members: [f.engineerA] }), refs: ['members'] },
      // neither sites nor contract: every site, A's included
      { json: rota(f, {}), refs: ['siteIds', 'contractId', 'regions'] },
    ],
  },
  'PUT /api/oncall/rotas/{id}': {
    kind: 'target',
    calls: (f) => [
      { params: { id: f.rotaA }, json: rota(f, { siteIds: [f.siteB1] }) },
      { params: { id: f.rotaB }, json: rota(f, { siteIds: [f.siteB1, f.siteA1] }), refs: ['siteIds'] },
    ],
  },
  'DELETE /api/oncall/rotas/{id}': { kind: 'target', calls: (f) => [{ params: { id: f.rotaA } }] },
  // a test message to A's rota's people: refused before anyone is told
  'POST /api/oncall/rotas/{id}/test': { kind: 'target', calls: (f) => [{ params: { id: f.rotaA }, json: {} }] },
  // every recipient's alert count, A's people included: the whole estate's, refused to scoped users
  'GET /api/alerts/volume': { kind: 'target', calls: () => [{}, { query: { minutes: '1440' } }] },
  'GET /api/maintenance-windows': { kind: 'list', showsA: true, calls: () => [{}] },
  'POST /api/maintenance-windows': {
    kind: 'target',
    calls: (f) => [
      { json: window(f, { siteIds: [f.siteA1] }), refs: ['siteIds'] },
      { json: window(f, { deviceIds: [f.dvrA] }), refs: ['deviceIds'] },
      // neither sites nor devices: every site, A's included
      { json: window(f, {}), refs: ['siteIds', 'deviceIds'] },
    ],
  },
  'DELETE /api/maintenance-windows/{id}': { kind: 'target', calls: (f) => [{ params: { id: f.windowA } }] },

  'GET /api/callbacks': {
    kind: 'list',
    showsA: true,
    calls: (f) => [
      {},
      { query: { siteId: f.siteA1 } },
      { query: { customerId: f.customerA } },
      { query: { missed: 'true' } },
      { query: { month: new Date().toISOString().slice(0, 7) } },
    ],
  },
  'GET /api/callbacks/export.csv': { kind: 'list', showsA: true, calls: (f) => [{}, { query: { siteId: f.siteA1 } }] },
  'GET /api/callbacks/{id}': { kind: 'target', showsA: true, calls: (f) => [{ params: { id: f.callbackA } }] },
  // the unscoped supervisor gets 400: B's operator has no scope over A's site
  'POST /api/callbacks/{id}/assign': { kind: 'target', calls: (f) => [{ params: { id: f.callbackA }, json: { assigneeId: f.scopedB.operator.id }, alsoValid: [400] }] },
  // the unscoped supervisor restored that fault by phone: the fraud check refuses them the call (403)
  'POST /api/callbacks/{id}/result': {
    kind: 'target',
    calls: (f) => [{ params: { id: f.callbackA }, json: { outcome: 'reached', score: 9, notes: `${f.walk} call` }, alsoValid: [403] }],
  },
  'POST /api/surveys': { kind: 'target', calls: (f) => [{ json: { siteId: f.siteA1, period: '2026-H2' }, refs: ['siteId'] }] },
  'GET /api/surveys': {
    kind: 'list',
    showsA: true,
    calls: (f) => [{}, { query: { siteId: f.siteA1 } }, { query: { customerId: f.customerA } }, { query: { contractId: f.contractA, period: '2026-H2' } }],
  },
  // A's customer has no contact: the unscoped get 400 naming channel, the scoped must get 404 first
  'POST /api/surveys/{id}/send': { kind: 'target', calls: (f) => [{ params: { id: f.surveyA }, json: { channel: 'mail' }, alsoValid: [400] }] },
  // the token is the credential: one never issued is unknown to everyone
  'POST /api/links/{token}/survey': {
    kind: 'target',
    calls: () => [{ params: { token: 'never-issued-token-0000000000000000000000' }, json: { answers: [{ key: 'overall', score: 9 }] }, alsoValid: [404] }],
  },
  'GET /api/surveys/export.csv': { kind: 'list', showsA: true, calls: (f) => [{}, { query: { siteId: f.siteA1 } }] },
  'GET /api/surveys/{id}': { kind: 'target', showsA: true, calls: (f) => [{ params: { id: f.surveyA } }] },
  'POST /api/surveys/{id}/answers': {
    kind: 'target',
    calls: (f) => [
      { params: { id: f.surveyA }, json: { answers: ['response-speed', 'repair-quality', 'engineer-conduct', 'communication', 'overall'].map((key) => ({ key, score: 9 })) } },
    ],
  },
  'GET /api/patrols': {
    kind: 'list',
    showsA: true,
    calls: (f) => [{}, { query: { siteId: f.siteA1 } }, { query: { contractId: f.contractA, period: f.period } }, { query: { assigneeId: f.engineerA } }],
  },
  'GET /api/patrols/{id}': { kind: 'target', showsA: true, calls: (f) => [{ params: { id: f.patrolA } }] },
  'GET /api/patrols/{id}/report.csv': { kind: 'target', showsA: true, calls: (f) => [{ params: { id: f.patrolA } }] },
  'GET /api/patrols/{id}/report.pdf': { kind: 'target', showsA: true, calls: (f) => [{ params: { id: f.patrolA } }] },
  'POST /api/patrols/{id}/assign': {
    kind: 'target',
    calls: (f) => [
      { params: { id: f.patrolA }, json: { assigneeId: f.engineerA } },
      { params: { id: f.patrolB }, json: { assigneeId: f.engineerA }, refs: ['assigneeId'] },
    ],
  },
  'POST /api/patrols/{id}/start': { kind: 'target', calls: (f) => [{ params: { id: f.patrolA2 } }] },
  'PUT /api/patrols/{id}/lines/{lineKey}': {
    kind: 'target',
    calls: (f) => [{ params: { id: f.patrolA, lineKey: f.lineKeyA }, json: { outcome: 'fail', note: `${f.walk} broken` } }],
  },
  'POST /api/patrols/{id}/lines/{lineKey}/photos': { kind: 'target', calls: (f) => [{ params: { id: f.patrolA, lineKey: 'photo-room' }, png: PNG }] },
  'GET /api/patrols/{id}/photos/{photoId}': { kind: 'target', calls: (f) => [{ params: { id: f.patrolA, photoId: f.photoA } }] },
  // required lines are still empty: the unscoped get 400 naming them, the scoped must get 404 first
  'POST /api/patrols/{id}/submit': { kind: 'target', calls: (f) => [{ params: { id: f.patrolA }, alsoValid: [400] }] },
  'POST /api/patrols/{id}/sign': {
    kind: 'target',
    calls: (f) => [{ params: { id: f.patrolA }, json: { signerName: `${f.walk} signer`, signerTitle: 'manager', signature: SIGNATURE } }],
  },
  'POST /api/patrols/{id}/corrections': {
    kind: 'target',
    calls: (f) => [{ params: { id: f.patrolA }, json: { lineKey: f.lineKeyA, outcome: 'fail', note: `${f.walk} correction` } }],
  },
  'POST /api/patrol-plans': {
    kind: 'target',
    calls: (f) => [
      { json: plan({ contractId: f.contractA }), refs: ['contractId'] },
      { json: plan({ siteIds: [f.siteA1] }), refs: ['siteIds'] },
      // neither contract nor sites: every site, A's included
      { json: plan({}), refs: ['siteIds', 'contractId'] },
    ],
  },
  'GET /api/patrol-plans': { kind: 'list', showsA: true, calls: () => [{}] },
  'GET /api/patrol-templates': { kind: 'list', calls: () => [{}] },
  // checklists are the whole estate's: unscoped users only
  'POST /api/patrol-templates/{kind}/versions': { kind: 'target', calls: (f) => [{ params: { kind: 'monthly' }, json: f.template }] },
  'POST /api/feedback': {
    kind: 'target',
    calls: (f) => [
      { json: feedback(f, { customerId: f.customerA }), refs: ['customerId'] },
      { json: feedback(f, { customerId: f.customerA, siteId: f.siteA1 }), refs: ['customerId', 'siteId'] },
      // B's own customer, A's device: its site is A's
      { json: feedback(f, { customerId: f.customerB, deviceId: f.camA }), refs: ['deviceId'], alsoValid: [400] },
      // B's site with A's device or fault: 400 for the unscoped too (they are elsewhere); the scoped must not learn more
      { json: feedback(f, { customerId: f.customerB, siteId: f.siteB1, deviceId: f.camA }), refs: ['deviceId'], alsoValid: [400] },
      { json: feedback(f, { customerId: f.customerB, siteId: f.siteB1, faultId: f.faultA }), refs: ['faultId'], alsoValid: [400] },
    ],
  },
  'GET /api/feedback': {
    kind: 'list',
    showsA: true,
    calls: (f) => [{}, { query: { customerId: f.customerA } }, { query: { siteId: f.siteA1 } }, { query: { deviceId: f.camA } }, { query: { kind: 'maintenance-request' } }],
  },
  'GET /api/feedback/export.csv': { kind: 'list', showsA: true, calls: (f) => [{}, { query: { customerId: f.customerA } }, { query: { siteId: f.siteA1 } }] },
  'GET /api/feedback/{id}': { kind: 'target', showsA: true, calls: (f) => [{ params: { id: f.feedbackA } }] },
  'PATCH /api/feedback/{id}': {
    kind: 'target',
    calls: (f) => [
      { params: { id: f.feedbackA }, json: { text: `${f.walk} changed` } },
      { params: { id: f.feedbackA }, json: { handlerId: f.engineerA } },
    ],
  },
  'POST /api/feedback/{id}/resolve': { kind: 'target', calls: (f) => [{ params: { id: f.feedbackA }, json: { resolution: `${f.walk} cleaned` } }] },
  'POST /api/feedback/{id}/reopen': { kind: 'target', calls: (f) => [{ params: { id: f.feedbackA }, json: { reason: `${f.walk} still dirty` } }] },
  'POST /api/feedback/{id}/confirm': { kind: 'target', calls: (f) => [{ params: { id: f.feedbackA }, json: { name: `${f.walk} customer` } }] },
  // no mail server in this platform, and A's entry may be no resolved complaint: 400/409 for whoever may see it
  'POST /api/feedback/{id}/send-confirmation': { kind: 'target', calls: (f) => [{ params: { id: f.feedbackA }, json: { channel: 'mail' }, alsoValid: [400, 409] }] },
  // public: the token is the credential; one never issued is unknown to everyone
  'POST /api/links/{token}/confirm': {
    kind: 'target',
    calls: (f) => [{ params: { token: 'never-issued-token-0000000000000000000000' }, json: { name: `${f.walk} customer` }, alsoValid: [404] }],
  },
  'POST /api/feedback/{id}/close': { kind: 'target', calls: (f) => [{ params: { id: f.feedbackA }, json: { resolution: `${f.walk} cleaned` } }] },
  'GET /api/patrol-reports/month.csv': {
    kind: 'list',
    showsA: true,
    calls: (f) => [{ query: { period: f.period } }, { query: { period: f.period, contractId: f.contractA } }, { query: { period: f.period, siteId: f.siteA1 } }],
  },
  'GET /api/patrol-reports/month.pdf': {
    kind: 'list',
    showsA: true,
    calls: (f) => [{ query: { period: f.period } }, { query: { period: f.period, contractId: f.contractA } }, { query: { period: f.period, siteId: f.siteA1 } }],
  },

  'GET /api/dashboard/overview': { kind: 'list', showsA: true, calls: () => [{}] },
  'GET /api/dashboard/trends': { kind: 'list', calls: () => [{ query: { range: '24h' } }, { query: { range: '30d' } }] },

  'GET /api/audit': { kind: 'list', showsA: true, readsTrail: true, calls: (f) => [{}, { query: { entity: 'site', entityId: f.siteA1 } }] },
  'GET /api/audit/verify': { kind: 'list', readsTrail: true, calls: () => [{}] },
  'GET /api/audit/export': {
    kind: 'list',
    showsA: true,
    readsTrail: true,
    calls: (f) => [{ query: { format: 'jsonl' } }, { query: { format: 'csv' } }, { query: { format: 'pdf' } }, { query: { format: 'csv', entityId: f.dvrA } }],
  },
  'GET /api/audit/checkpoints': { kind: 'list', readsTrail: true, calls: () => [{}] },
  // a checkpoint signs everyone's entries: unscoped admins only
  'POST /api/audit/checkpoints': { kind: 'target', calls: () => [{}] },

  'GET /api/reports/service': {
    kind: 'target',
    showsA: true,
    calls: (f) => [
      { query: { contractId: f.contractA, period: f.period }, refs: ['contractId'] },
      { kind: 'list', query: { contractId: f.contractB, period: f.period } },
    ],
  },
  'GET /api/reports/service.pdf': {
    kind: 'target',
    showsA: true,
    calls: (f) => [
      { query: { contractId: f.contractA, period: f.period }, refs: ['contractId'] },
      { kind: 'list', query: { contractId: f.contractB, period: f.period } },
    ],
  },
  // [14] video figures: a contract or site of A is 404; the estate view and B's own contract are lists without A
  'GET /api/video/figures': {
    kind: 'target',
    showsA: true,
    calls: (f) => [
      { query: { contractId: f.contractA, month: f.period }, refs: ['contractId'] },
      { query: { siteId: f.siteA1 }, refs: ['siteId'] },
      { query: { siteId: f.siteA2, day: '2026-11-02' }, refs: ['siteId'] },
      { kind: 'list', query: { month: f.period } },
      { kind: 'list', query: {} },
      { kind: 'list', query: { contractId: f.contractB } },
    ],
  },
  'GET /api/reports/feedback-analysis': {
    kind: 'target',
    showsA: true,
    calls: (f) => [
      { query: { contractId: f.contractA, half: '2026H2' }, refs: ['contractId'] },
      { query: { contractId: f.contractA, from: '2026-01', to: '2026-12' }, refs: ['contractId'] },
      { kind: 'list', query: { contractId: f.contractB, half: '2026H2' } },
    ],
  },
  'GET /api/reports/feedback-analysis.pdf': {
    kind: 'target',
    showsA: true,
    calls: (f) => [
      { query: { contractId: f.contractA, half: '2026H2' }, refs: ['contractId'] },
      { kind: 'list', query: { contractId: f.contractB, half: '2026H2' } },
    ],
  },
  'GET /api/archive': {
    kind: 'target',
    showsA: true,
    calls: (f) => [
      { query: { deviceId: f.dvrA }, refs: ['deviceId'] },
      { query: { siteId: f.siteA1 }, refs: ['siteId'] },
      { query: { siteId: f.siteA2, kinds: 'fault,patrol' }, refs: ['siteId'] },
      { query: { contractId: f.contractA, from: f.period, to: f.period }, refs: ['contractId'] },
      { kind: 'list', query: { contractId: f.contractB } },
      { kind: 'list', query: { siteId: f.siteB1 } },
    ],
  },
  'GET /api/archive/export.csv': {
    kind: 'target',
    showsA: true,
    calls: (f) => [
      { query: { deviceId: f.dvrA }, refs: ['deviceId'] },
      { query: { siteId: f.siteA1 }, refs: ['siteId'] },
      { query: { siteId: f.siteA2, kinds: 'fault,patrol' }, refs: ['siteId'] },
      { query: { contractId: f.contractA, from: f.period, to: f.period }, refs: ['contractId'] },
      { kind: 'list', query: { contractId: f.contractB } },
      { kind: 'list', query: { siteId: f.siteB1 } },
    ],
  },
  'GET /api/archive/export.pdf': {
    kind: 'target',
    showsA: true,
    calls: (f) => [
      { query: { deviceId: f.dvrA }, refs: ['deviceId'] },
      { query: { siteId: f.siteA1 }, refs: ['siteId'] },
      { query: { siteId: f.siteA2, kinds: 'fault,patrol' }, refs: ['siteId'] },
      { query: { contractId: f.contractA, from: f.period, to: f.period }, refs: ['contractId'] },
      { kind: 'list', query: { contractId: f.contractB } },
      { kind: 'list', query: { siteId: f.siteB1 } },
    ],
  },
  'GET /api/contracts/{id}/archive.pdf': {
    kind: 'target',
    showsA: true,
    calls: (f) => [{ params: { id: f.contractA } }, { params: { id: f.contractA }, query: { from: f.period, to: f.period } }, { kind: 'list', params: { id: f.contractB } }],
  },
};

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
/** Answers a scoped or unscoped user may get without the access check being in question. */
const NOT_THERE = [403, 404];
/** Audit actions the walk itself may add: refusals, sign-ins, and the exports of B's own archive (audited reads). */
const WALK_ACTIONS = ['access-denied', 'login', 'login-failed', 'export'];
/** The unscoped role that answers the reverse and validity checks for a permission. */
const UNSCOPED_ORDER: UnscopedRole[] = ['supervisor', 'admin'];

interface Operation {
  key: string;
  method: string;
  path: string;
  permission: unknown;
}

interface Answer {
  status: number;
  text: string;
  /** A PDF answer, read into `text` by readPdfs. */
  pdf?: Buffer;
}

describe.each(databaseTargets())('every route by scope on $name', (target) => {
  let db: TestDatabase;
  let platform: TestPlatform;
  let f: ScopeFixture;
  let operations: Operation[];
  let before: Record<string, unknown>;
  let trailLength: number;
  /** Calls of the walk some scoped user got a 2xx for: their bodies evidently passed validation. */
  const accepted = new Set<string>();

  beforeAll(async () => {
    db = await target.create();
    platform = await startTestPlatform(db);
    f = await buildScopeFixture(platform);
    const doc = (await platform.http.get('/api/docs-json').set(f.unscoped.admin).expect(200)).body as { paths: Record<string, Record<string, Record<string, unknown>>> };
    operations = Object.entries(doc.paths)
      .flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
          .map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, method, path, permission: op['x-vigil-permission'] })),
      )
      .filter((op) => op.path.startsWith('/api/') && op.key !== 'POST /api/auth/login');
  }, 60_000);

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  /** Calls an operation and reads the answer as text: JSON and CSV as they came, PDFs kept for readPdfs. */
  async function call(op: Operation, c: Call, auth: { Authorization: string }): Promise<Answer> {
    const url = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(c.params?.[name] ?? `{${name}}`));
    let req: Test = (platform.http as unknown as Record<string, (u: string) => Test>)[op.method](url).set(auth);
    if (c.query) req = req.query(c.query);
    if (c.csv !== undefined) req = req.set('Content-Type', 'text/csv').send(c.csv);
    else if (c.png) req = req.set('Content-Type', 'image/png').send(c.png);
    else if (c.json !== undefined) req = req.send(c.json as object);
    const res = await req.buffer(true).parse(binary);
    const body = res.body as Buffer;
    return String(res.headers['content-type'] ?? '').startsWith('application/pdf')
      ? { status: res.status, text: '', pdf: body }
      : { status: res.status, text: body.toString('utf8') };
  }

  /** The text of every PDF answer, by a real parser, all in one go. */
  async function readPdfs(answers: Answer[]): Promise<void> {
    const pdfs = answers.filter((a) => a.pdf);
    const texts = await pdfTexts(pdfs.map((a) => a.pdf!));
    pdfs.forEach((a, i) => (a.text = texts[i]));
  }

  /** What of A's an answer shows: a marker name or one of A's ids, also where a PDF's layout broke it across lines. */
  function tracesOfA(text: string): string[] {
    const lower = text.toLowerCase();
    const squeezed = lower.replace(/\s+/g, '');
    return f.leakTokens.filter((t) => lower.includes(t.toLowerCase()) || squeezed.includes(t.toLowerCase()));
  }

  function unscopedRoleFor(permission: Permission): UnscopedRole {
    return UNSCOPED_ORDER.find((r) => (PERMISSIONS[permission] as readonly Role[]).includes(r))!;
  }

  const ruleOf = (op: Operation) => RULES[op.key];
  const callsOf = (op: Operation) =>
    ruleOf(op)
      .calls(f)
      .map((c) => ({ ...c, kind: c.kind ?? ruleOf(op).kind }));
  const walked = () => operations.filter((op) => ruleOf(op) && isPermission(op.permission));

  it('should have a scope rule and a known permission for every operation of the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(60);
    const problems = operations.flatMap((op) => {
      const out: string[] = [];
      if (!ruleOf(op)) out.push(`route ${op.key} has no scope rule in route-scope.e2e-spec.ts`);
      if (!isPermission(op.permission)) out.push(`route ${op.key} has no x-vigil-permission (@Can) naming a permission of PERMISSIONS (has ${JSON.stringify(op.permission)})`);
      for (const name of [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1])) {
        if (
          ruleOf(op)
            ?.calls(f)
            .some((c) => !c.params?.[name])
        )
          out.push(`the rule of ${op.key} leaves {${name}} unfilled`);
      }
      return out;
    });
    const keys = new Set(operations.map((op) => op.key));
    const stale = Object.entries(RULES)
      .filter(([key, rule]) => !keys.has(key) && !rule.announced)
      .map(([key]) => `rule ${key} matches no operation of the document`);
    expect([...problems, ...stale]).toEqual([]);
  });

  it("should show A's things to unscoped users on the same calls (the fixture is what the walk aims at)", async () => {
    const answers: { op: Operation; role: UnscopedRole; answer: Answer }[] = [];
    for (const op of walked().filter((o) => o.method === 'get' && !ruleOf(o).gatewayLogin)) {
      const c = callsOf(op)[0];
      if (c.kind === 'list' && !ruleOf(op).showsA) continue;
      const role = unscopedRoleFor(op.permission as Permission);
      answers.push({ op, role, answer: await call(op, c, f.unscoped[role]) });
    }
    await readPdfs(answers.map((a) => a.answer));
    const problems = answers.flatMap(({ op, role, answer }) =>
      answer.status !== 200
        ? [`${role} ${op.key} → ${answer.status}: ${answer.text.slice(0, 200)}`]
        : ruleOf(op).showsA && tracesOfA(answer.text).length === 0
          ? [`${role} ${op.key} → 200 without any of A's names or ids`]
          : [],
    );
    expect(answers.length).toBeGreaterThan(25);
    expect(problems).toEqual([]);
  });

  it("should answer users scoped to customer B with 404/403 for A's things and leak none of A in lists, exports and reports", async () => {
    before = await readEstate(platform, f);
    trailLength = (await platform.http.get('/api/audit?limit=1').set(f.unscoped.admin).expect(200)).body.total;
    const phase = (op: Operation) => (ruleOf(op).readsTrail ? 0 : op.method === 'get' ? 1 : op.method === 'delete' ? 3 : 2);
    const ordered = [...walked()].sort((a, b) => phase(a) - phase(b));
    const started = Date.now();
    const results: { op: Operation; c: Call; label: string; answer: Answer }[] = [];
    for (const op of ordered) {
      const calls = callsOf(op);
      for (const [i, c] of calls.entries()) {
        const label = `${op.key}${c.query ? `?${new URLSearchParams(c.query as Record<string, string>)}` : ''}${calls.length > 1 ? ` [call ${i + 1}]` : ''}`;
        // reads by the five roles side by side; writes one after the other, so a wrongly accepted one shows as the first
        const answers =
          op.method === 'get'
            ? await Promise.all(SCOPE_ROLES.map((role) => call(op, c, f.scopedB[role].auth)))
            : await SCOPE_ROLES.reduce(async (done, role) => [...(await done), await call(op, c, f.scopedB[role].auth)], Promise.resolve([] as Answer[]));
        answers.forEach((answer, r) => {
          if (answer.status >= 200 && answer.status < 300) accepted.add(`${op.key}#${i}`);
          results.push({ op, c, label: `${SCOPE_ROLES[r].padEnd(10)} ${label}`, answer });
        });
      }
    }
    await readPdfs(results.filter((r) => r.c.kind === 'list').map((r) => r.answer));
    const failures = results.flatMap(({ op, c, label, answer }) => {
      const verdict = judge(ruleOf(op), c, answer);
      return verdict ? [`${label} → ${answer.status}: ${verdict}`] : [];
    });
    const calls = results.length;
    report(target.name, failures, calls, (Date.now() - started) / 1000);
    expect(calls).toBeGreaterThan(300);
    expect(failures).toEqual([]);
  }, 180_000);

  function judge(rule: Rule, c: Call, answer: Answer): string | null {
    if (rule.gatewayLogin) return answer.status === 401 ? null : `expected 401 (a gateway's route refuses every user token), got ${answer.text.slice(0, 160)}`;
    const refs = c.refs ?? [];
    if (NOT_THERE.includes(answer.status)) return null;
    if (answer.status === 400 && refs.some((r) => new RegExp(`\\b${r}\\b`).test(answer.text))) return null;
    if (answer.status === 400)
      return `400 naming none of ${refs.length ? refs.join(', ') : '(no field points at A)'}: the call did not reach the access check (${answer.text.slice(0, 160)})`;
    if (c.kind === 'list' && answer.status === 200) {
      const traces = tracesOfA(answer.text);
      if (traces.length) return `shows A's ${traces.map((t) => (t === f.mark ? 'names' : t)).join(', ')}`;
      return rule.leak?.(answer.text, f) ?? null;
    }
    if (answer.status >= 200 && answer.status < 300) return c.kind === 'list' ? `unexpected ${answer.status}` : 'carried out (expected 404 or 403)';
    if (answer.status === 409) return `a conflict with A's things, so no access check came first (${answer.text.slice(0, 160)})`;
    return `unexpected answer ${answer.text.slice(0, 160)}`;
  }

  it("should leave A's and everyone's data as it was, and add nothing to the audit trail but refusals", async () => {
    expect(before).toBeDefined();
    const after = await readEstate(platform, f);
    const changed = differences(before, after);
    const added = (await platform.http.get(`/api/audit?offset=${trailLength}`).set(f.unscoped.admin).expect(200)).body.items as {
      action: string;
      entity: string;
      entityId: string;
      actor: string;
    }[];
    const unexpected = added.filter((e) => !WALK_ACTIONS.includes(e.action)).map((e) => `audit: ${e.actor} ${e.action} ${e.entity} ${e.entityId}`);
    expect([...changed.slice(0, 50), ...unexpected.slice(0, 50)]).toEqual([]);
  });

  it('should accept every write of the table from an unscoped user (the bodies are valid, so the walk reached the access check)', async () => {
    const writes = walked().filter((op) => op.method !== 'get' && !ruleOf(op).gatewayLogin);
    const ordered = [...writes.filter((op) => op.method !== 'delete'), ...writes.filter((op) => op.method === 'delete')];
    const problems: string[] = [];
    for (const op of ordered) {
      for (const [i, c] of callsOf(op).entries()) {
        // a scoped user already got a 2xx with this body: it evidently passed validation
        if (accepted.has(`${op.key}#${i}`)) continue;
        const role = unscopedRoleFor(op.permission as Permission);
        const answer = await call(op, c, f.unscoped[role]);
        const fine = (answer.status >= 200 && answer.status < 300) || answer.status === 409 || (c.alsoValid ?? []).includes(answer.status);
        if (!fine) problems.push(`${role} ${op.key} [call ${i + 1}] → ${answer.status}: ${answer.text.slice(0, 200)}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

/** The failing calls, one line each, on the console and in test-artifacts/ for whoever merges the access work. */
function report(target: string, failures: string[], calls: number, seconds: number): void {
  const text = `route-scope on ${target}: ${calls} calls in ${seconds.toFixed(1)} s, ${failures.length} failing\n${failures.join('\n')}\n`;
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, `route-scope-${target}.txt`), text);
  if (failures.length) console.log(text);
}
