import type { VigilConfig } from '@vigil/config';
import type { Actor, User } from '@vigil/domain';
import { strictFake } from '../../../../test/support/strict-fake';
import type { AuditService } from '../audit/audit.service';
import { UnauthorizedError } from '../errors';
import type { KeyStore, PasswordHasher, TokenSigner, TransactionRunner, UserRepository } from '../ports';
import { AuthService } from './auth.service';
import type { LoginThrottle } from './login-throttle';

const NOW = new Date('2026-11-22T10:00:00Z');
const makeUser = (id: string, overrides: Partial<User> = {}): User => ({
  id,
  username: id,
  displayName: null,
  email: null,
  role: 'operator',
  passwordHash: 'hash:password-123',
  tokenVersion: 2,
  active: true,
  scope: { customerIds: ['cust-b'], siteIds: [] },
  createdAt: NOW,
  updatedAt: NOW,
  ...overrides,
});
const USERS = [makeUser('alice'), makeUser('bob', { active: false }), makeUser('carol', { role: 'nobody' as User['role'] })];

/**
 * The service over fakes: a hasher whose hash of p is `hash:p`, a signer whose token is its claims as JSON
 * (`bad` for a token it will not verify), and a throttle that runs the password check and reports `lockedNow`.
 */
function setup(opts: { lockedNow?: boolean } = {}) {
  const audited: { username: string; action: string; entityId: string | null }[] = [];
  const compared: string[] = [];
  const hasher = strictFake<PasswordHasher>('hasher', {
    hash: async (password: string) => `hash:${password}`,
    verify: async (hash: string, password: string) => {
      compared.push(hash);
      return hash === `hash:${password}`;
    },
  });
  const service = new AuthService(
    strictFake<UserRepository>('users', {
      findByUsername: async (name: string) => USERS.find((u) => u.username === name) ?? null,
      findById: async (id: string) => USERS.find((u) => u.id === id) ?? null,
    }),
    hasher,
    strictFake<KeyStore>('keys', { key: async (name: string) => `${name}-key` }),
    strictFake<TokenSigner>('tokens', {
      sign: async (claims: object, key: string, ttl: number) => JSON.stringify({ claims, key, ttl }),
      verify: async (token: string, key: string) => {
        const read = JSON.parse(token) as { claims: object; key: string };
        if (read.key !== key) throw new Error('bad signature');
        return read.claims;
      },
    }),
    strictFake<TransactionRunner>('tx', { run: (work: () => Promise<unknown>) => work() }),
    strictFake<AuditService>('audit', {
      record: async (actor: Actor, action: string, _entity: string, entityId: string | null) => {
        audited.push({ username: actor.username, action, entityId });
        return {} as never;
      },
    }),
    strictFake<LoginThrottle>('throttle', {
      attempt: async (_name: string, _address: string, check: () => Promise<boolean>) => ({ ok: await check(), lockedNow: opts.lockedNow ?? false }),
    }),
    { tokenTtlSec: 3600 } as VigilConfig,
  );
  return { service, audited, compared };
}

const token = (claims: object, key = 'jwt-key') => JSON.stringify({ claims, key });

describe(AuthService.name, () => {
  it("should sign a token carrying the user's token version and record the login", async () => {
    const { service, audited } = setup();
    const answer = await service.login('alice', 'password-123', '10.0.0.1');
    expect(answer).toMatchObject({ role: 'operator', expiresInSec: 3600 });
    expect(JSON.parse(answer.accessToken)).toEqual({ claims: { sub: 'alice', username: 'alice', role: 'operator', tv: 2 }, key: 'jwt-key', ttl: 3600 });
    expect(audited).toEqual([{ username: 'alice', action: 'login', entityId: 'alice' }]);
  });

  it('should answer a wrong password, an unknown name and a deactivated user alike with 401, each recorded as login-failed', async () => {
    const { service, audited, compared } = setup();
    for (const [name, password] of [
      ['alice', 'wrong-password'],
      ['mallory', 'password-123'],
      ['bob', 'password-123'],
    ]) {
      await expect(service.login(name, password, '10.0.0.1')).rejects.toThrow(new UnauthorizedError('wrong username or password'));
    }
    expect(audited).toEqual([
      { username: 'alice', action: 'login-failed', entityId: 'alice' },
      { username: 'mallory', action: 'login-failed', entityId: null },
      { username: 'bob', action: 'login-failed', entityId: 'bob' },
    ]);
    // the unknown name was still checked, against a decoy hash, so it takes as long as a known one
    expect(compared).toHaveLength(3);
    expect(compared[1]).toMatch(/^hash:[0-9a-f]{32}$/);
  });

  it('should record login-throttled as well when this failure locks the name', async () => {
    const { service, audited } = setup({ lockedNow: true });
    await expect(service.login('alice', 'wrong-password', '10.0.0.1')).rejects.toThrow(UnauthorizedError);
    expect(audited.map((e) => e.action)).toEqual(['login-failed', 'login-throttled']);
  });

  it('should turn a valid token into the acting user with their current scope', async () => {
    const { service } = setup();
    expect(await service.verify(token({ sub: 'alice', username: 'alice', role: 'admin', tv: 2 }))).toEqual({
      userId: 'alice',
      username: 'alice',
      role: 'operator',
      scope: { customerIds: ['cust-b'], siteIds: [] },
    });
  });

  it('should refuse with 401 a token it cannot verify, of a deactivated or unknown-role user, or from before the token version changed', async () => {
    const { service } = setup();
    await expect(service.verify('not json')).rejects.toThrow('invalid or expired token');
    await expect(service.verify(token({ sub: 'alice', tv: 2 }, 'other-key'))).rejects.toThrow('invalid or expired token');
    await expect(service.verify(token({ sub: 'bob', tv: 2 }))).rejects.toThrow('user no longer active');
    await expect(service.verify(token({ sub: 'carol', tv: 2 }))).rejects.toThrow('user no longer active');
    await expect(service.verify(token({ sub: 'gone', tv: 2 }))).rejects.toThrow('user no longer active');
    await expect(service.verify(token({ sub: 'alice', tv: 1 }))).rejects.toThrow('token revoked');
    await expect(service.verify(token({ sub: 'alice' }))).rejects.toThrow(UnauthorizedError);
  });
});
