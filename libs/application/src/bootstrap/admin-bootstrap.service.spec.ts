import { Logger } from '@nestjs/common';
import type { VigilConfig } from '@vigil/config';
import { SYSTEM_ACTOR, type User } from '@vigil/domain';
import { strictFake } from '../../../../test/support/strict-fake';
import { ConflictError } from '../errors';
import type { NewUser, UserService } from '../identity/user.service';
import type { UserRepository } from '../ports';
import { AdminBootstrapService } from './admin-bootstrap.service';

/** The service over a user table that holds `admin` or not; `create` records what it was given, or fails as told. */
function setup(opts: { adminExists?: boolean; adminPassword?: string | null; createFails?: Error } = {}) {
  const created: { actor: string; input: NewUser }[] = [];
  const service = new AdminBootstrapService(
    strictFake<UserRepository>('users', { findByUsername: async (name: string) => (opts.adminExists && name === 'admin' ? ({ id: 'u1', username: 'admin' } as User) : null) }),
    strictFake<UserService>('userService', {
      create: async (actor: typeof SYSTEM_ACTOR, input: NewUser) => {
        if (opts.createFails) throw opts.createFails;
        created.push({ actor: actor.username, input });
        return {} as never;
      },
    }),
    { adminPassword: opts.adminPassword ?? null } as VigilConfig,
  );
  return { service, created };
}

describe(AdminBootstrapService.name, () => {
  let printed: jest.SpyInstance;
  let logged: jest.SpyInstance;
  beforeEach(() => {
    printed = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    logged = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('should leave an existing admin alone', async () => {
    const { service, created } = setup({ adminExists: true, adminPassword: 'chosen-password' });

    await service.ensureAdmin();

    expect(created).toEqual([]);
    expect(printed).not.toHaveBeenCalled();
  });

  it('should create admin with the configured password as the system, and log that without the password', async () => {
    const { service, created } = setup({ adminPassword: 'chosen-password' });

    await service.ensureAdmin();

    expect(created).toEqual([{ actor: 'system', input: { username: 'admin', password: 'chosen-password', role: 'admin', displayName: 'Administrator' } }]);
    expect(logged).toHaveBeenCalledWith('created user admin with the password from VIGIL_ADMIN_PASSWORD');
    expect(printed).not.toHaveBeenCalled();
  });

  it('should create admin with a random password when none is configured, and show that password once', async () => {
    const { service, created } = setup();

    await service.ensureAdmin();

    const password = created[0].input.password;
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(printed).toHaveBeenCalledTimes(1);
    expect(String(printed.mock.calls[0][0])).toContain(`created user "admin" with password: ${password}`);
  });

  it('should stay quiet when another process created admin first, and pass on any other failure', async () => {
    const raced = setup({ createFails: new ConflictError('username taken') });
    await expect(raced.service.ensureAdmin()).resolves.toBeUndefined();
    expect(printed).not.toHaveBeenCalled();

    const broken = setup({ createFails: new Error('database gone') });
    await expect(broken.service.ensureAdmin()).rejects.toThrow('database gone');
  });
});
