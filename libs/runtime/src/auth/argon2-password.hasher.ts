import { Inject, Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { PasswordHasher } from '@vigil/application';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';

/**
 * One set of parameters for every hash, the login decoy's included, so a check costs the same for every user name.
 * A hash keeps its own parameters: changing the memory later only applies to passwords set from then on.
 */
@Injectable()
export class Argon2PasswordHasher extends PasswordHasher {
  private readonly options: argon2.HashOptions & { raw?: false };

  constructor(@Inject(VIGIL_CONFIG) config: VigilConfig) {
    super();
    this.options = { type: argon2.argon2id, memoryCost: config.passwordHashMemoryKiB, timeCost: 3, parallelism: 4 };
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, this.options);
  }
  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }
}
