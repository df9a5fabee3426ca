import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { isRole, type Actor } from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { UnauthorizedError } from '../errors';
import { KeyStore, PasswordHasher, TransactionRunner, UserRepository } from '../ports';

interface TokenClaims {
  sub: string;
  username: string;
  role: string;
}

/** Logs users in and turns a bearer token back into the acting user. */
@Injectable()
export class AuthService {
  /** A hash to compare against when the user does not exist, so timing does not reveal usernames. */
  private readonly decoy: Promise<string>;

  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly keys: KeyStore,
    private readonly jwt: JwtService,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
  ) {
    this.decoy = this.hasher.hash(randomBytes(16).toString('hex'));
  }

  /** The signing key, shared by every process (see KeyStore). */
  private signingKey(): Promise<string> {
    return this.keys.key('jwt');
  }

  async login(username: string, password: string): Promise<{ accessToken: string; role: string; expiresInSec: number }> {
    const user = await this.users.findByUsername(username);
    const ok = user ? await this.hasher.verify(user.passwordHash, password) : (await this.hasher.verify(await this.decoy, password), false);
    if (!user || !ok || !user.active) {
      await this.tx.run(() => this.audit.record({ userId: null, username: username.slice(0, 64), role: 'system' }, 'login-failed', 'user', user?.id ?? null, null, null));
      throw new UnauthorizedError('wrong username or password');
    }
    const claims: TokenClaims = { sub: user.id, username: user.username, role: user.role };
    const accessToken = await this.jwt.signAsync(claims, { secret: await this.signingKey(), expiresIn: this.config.tokenTtlSec });
    await this.tx.run(() => this.audit.record({ userId: user.id, username: user.username, role: user.role }, 'login', 'user', user.id, null, null));
    return { accessToken, role: user.role, expiresInSec: this.config.tokenTtlSec };
  }

  /** The acting user of a token, checked against the current user record (deactivated users lose access at once). */
  async verify(token: string): Promise<Actor> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token, { secret: await this.signingKey() });
    } catch {
      throw new UnauthorizedError('invalid or expired token');
    }
    const user = await this.users.findById(claims.sub);
    if (!user || !user.active || !isRole(user.role)) throw new UnauthorizedError('user no longer active');
    return { userId: user.id, username: user.username, role: user.role, scope: user.scope };
  }
}
