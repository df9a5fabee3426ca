import { randomBytes } from 'node:crypto';
import type { Role } from '@vigil/domain';
import type { TestPlatform } from './test-platform';

export const uniqueId = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

export function makeSite(overrides: Partial<{ code: string; name: string; region: string; parentId: string; customerId: string; contractId: string }> = {}) {
  return { code: uniqueId('SITE'), name: '测试站点 Test site', region: 'Qingdao', ...overrides };
}

export function makeDevice(siteId: string, overrides: Record<string, unknown> = {}) {
  return { id: uniqueId('DEV'), type: 'dvr', siteId, name: 'DVR', heartbeatIntervalSec: 30, ...overrides };
}

/** Creates a user of each role through the API and answers a token for each. */
export async function tokensByRole(platform: TestPlatform, adminToken: string): Promise<Record<Role, string>> {
  const tokens: Partial<Record<Role, string>> = { admin: adminToken };
  for (const role of ['supervisor', 'operator', 'engineer', 'auditor'] as const) {
    const username = uniqueId(role);
    const res = await platform.http.post('/api/users').set('Authorization', `Bearer ${adminToken}`).send({ username, password: 'password-123', role });
    if (res.status !== 201) throw new Error(`creating ${role}: ${res.status} ${JSON.stringify(res.body)}`);
    tokens[role] = await platform.login(username, 'password-123');
  }
  return tokens as Record<Role, string>;
}

export interface TestUser {
  id: string;
  username: string;
  email: string;
  token: string;
}

/** A user of one role with a mailbox address, created through the API, signed in. */
export async function createUser(platform: TestPlatform, admin: { Authorization: string }, role: Role, name: string): Promise<TestUser> {
  const username = uniqueId(name);
  const email = `${username}@example.test`;
  const res = await platform.http.post('/api/users').set(admin).send({ username, password: 'password-123', role, email });
  if (res.status !== 201) throw new Error(`creating ${role}: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, username, email, token: await platform.login(username, 'password-123') };
}
