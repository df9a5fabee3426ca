import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { AuthService } from '@vigil/application';
import type { Actor } from '@vigil/domain';
import { Public } from '@vigil/observability';
import { Can, CurrentActor } from '@vigil/runtime';

export class LoginDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(64) username!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) password!: string;
}

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiResponse({ status: 429, description: 'too many failed logins for this user name (10 in 15 min) or from this address; see Retry-After' })
  login(@Body() body: LoginDto, @Ip() address: string) {
    return this.auth.login(body.username, body.password, address);
  }

  @ApiBearerAuth()
  @Get('me')
  @Can('self.read')
  me(@CurrentActor() actor: Actor): Actor {
    return actor;
  }
}
