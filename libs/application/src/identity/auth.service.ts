import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { isRole, type Actor } from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { UnauthorizedError } from '../errors';
import { KeyStore, PasswordHasher, TokenSigner, TransactionRunner, UserRepository } from '../ports';
import { LoginThrottle } from './login-throttle';

interface TokenClaims {
  sub: string;
  username: string;
  role: string;
  /** The user's token version when it was issued; tokens from before that version went up are refused. */
  tv?: number;
}

/** Logs users in and turns a bearer token back into the acting user. */
@Injectable()
export class AuthService {
  /** Compared against when the user does not exist, made by the same hasher with the same parameters, so timing reveals no user names. */
  private decoy: Promise<string> | null = null;

  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly keys: KeyStore,
    private readonly tokens: TokenSigner,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly throttle: LoginThrottle,
    @Inject(VIGIL_CONFIG) private readonly config: VigilConfig,
  ) {}

  /** The signing key, shared by every process (see KeyStore). */
  private signingKey(): Promise<string> {
    return this.keys.key('jwt');
  }

  /** Known and unknown names do the same work: one throttle check, one password check, one failure recorded. */
  async login(username: string, password: string, address: string): Promise<{ accessToken: string; role: string; expiresInSec: number }> {
    const user = await this.users.findByUsername(username);
    const { ok, lockedNow } = await this.throttle.attempt(username, address, async () => {
      this.decoy ??= this.hasher.hash(randomBytes(16).toString('hex'));
      const matches = await this.hasher.verify(user?.passwordHash ?? (await this.decoy), password);
      return matches && user !== null && user.active;
    });
    if (!ok || !user) {
      await this.tx.run(async () => {
        const typed = { userId: null, username: username.slice(0, 64), role: 'system' as const };
        await this.audit.record(typed, 'login-failed', 'user', user?.id ?? null, null, { address });
        if (lockedNow) await this.audit.record(typed, 'login-throttled', 'user', user?.id ?? null, null, { address });
      });
      throw new UnauthorizedError('wrong username or password');
    }
    const claims: TokenClaims = { sub: user.id, username: user.username, role: user.role, tv: user.tokenVersion };
    const accessToken = await this.tokens.sign(claims, await this.signingKey(), this.config.tokenTtlSec);
    await this.tx.run(() => this.audit.record({ userId: user.id, username: user.username, role: user.role }, 'login', 'user', user.id, null, null));
    return { accessToken, role: user.role, expiresInSec: this.config.tokenTtlSec };
  }

  /**
   * The acting user of a token, checked against the current user record: a deactivated user, or a token
   * issued before the user's password, role or scope changed (its token version), is refused at once.
   */
  async verify(token: string): Promise<Actor> {
    let claims: TokenClaims;
    try {
      claims = await this.tokens.verify<TokenClaims>(token, await this.signingKey());
    } catch {
      throw new UnauthorizedError('invalid or expired token');
    }
    const user = await this.users.findById(claims.sub);
    if (!user || !user.active || !isRole(user.role)) throw new UnauthorizedError('user no longer active');
    if ((claims.tv ?? 0) !== user.tokenVersion) throw new UnauthorizedError('token revoked: the password, role or scope changed; sign in again');
    return { userId: user.id, username: user.username, role: user.role, scope: user.scope };
  }
}
