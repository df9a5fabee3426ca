import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { TokenSigner } from '@vigil/application';

/** Bearer tokens as JWTs (HS256). */
@Injectable()
export class JwtTokenSigner extends TokenSigner {
  constructor(private readonly jwt: JwtService) {
    super();
  }

  sign(claims: object, key: string, expiresInSec: number): Promise<string> {
    return this.jwt.signAsync(claims, { secret: key, expiresIn: expiresInSec });
  }

  verify<T extends object>(token: string, key: string): Promise<T> {
    return this.jwt.verifyAsync<T>(token, { secret: key });
  }
}
