import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PasswordHasher, TokenSigner } from '@vigil/application';
import { Argon2PasswordHasher } from './argon2-password.hasher';
import { JwtTokenSigner } from './jwt-token.signer';

/** How passwords are hashed (argon2id) and tokens signed (JWT). */
@Global()
@Module({
  imports: [JwtModule.register({})],
  providers: [
    { provide: PasswordHasher, useClass: Argon2PasswordHasher },
    { provide: TokenSigner, useClass: JwtTokenSigner },
  ],
  exports: [PasswordHasher, TokenSigner],
})
export class AuthAdaptersModule {}
