import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { SYSTEM_ACTOR } from '@vigil/domain';
import { ConflictError } from '../errors';
import { UserService } from '../identity/user.service';
import { UserRepository } from '../ports';

/** Creates the initial `admin` user the first time a database is used. */
@Injectable()
export class AdminBootstrapService {
  private readonly logger = new Logger(AdminBootstrapService.name);

  constructor(
    private readonly users: UserRepository,
    private readonly userService: UserService,
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
  ) {}

  async ensureAdmin(): Promise<void> {
    if (await this.users.findByUsername('admin')) return;
    const password = this.config.adminPassword ?? randomBytes(12).toString('base64url');
    try {
      await this.userService.create(SYSTEM_ACTOR, { username: 'admin', password, role: 'admin', displayName: 'Administrator' });
    } catch (err) {
      if (err instanceof ConflictError) return; // another process created it first
      throw err;
    }
    if (this.config.adminPassword) {
      this.logger.log('created user admin with the password from VIGIL_ADMIN_PASSWORD');
    } else {
      // Shown once, on purpose outside the JSON log so an operator can read it.
      process.stdout.write(`\n  Vigil: created user "admin" with password: ${password}\n  (shown once; set VIGIL_ADMIN_PASSWORD to choose it)\n\n`);
    }
  }
}
