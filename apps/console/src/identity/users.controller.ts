import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { UserService } from '@vigil/application';
import { MIN_PASSWORD_LENGTH, ROLES, USERNAME_PATTERN, type Actor, type Role } from '@vigil/domain';
import { Can, CurrentActor } from '@vigil/runtime';
import { PageQueryDto, pageOf } from '../http/page-query.dto';

export class ScopeDto {
  // either list may be left out (CONTRACT.md): it is then empty
  @ApiPropertyOptional({ type: [String], description: 'customers whose sites the user sees' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  customerIds: string[] = [];
  @ApiPropertyOptional({ type: [String], description: 'sites the user sees, with every site under them' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsString({ each: true })
  siteIds: string[] = [];
}

export class CreateUserDto {
  @ApiProperty({ pattern: USERNAME_PATTERN.source })
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username must be 3–64 of letters, digits, . _ - @' })
  username!: string;

  @ApiProperty({ minLength: MIN_PASSWORD_LENGTH })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(200)
  password!: string;

  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) displayName?: string;

  @ApiPropertyOptional({ description: 'where alerts are mailed' }) @IsOptional() @IsEmail() @MaxLength(200) email?: string;

  @ApiPropertyOptional({ type: ScopeDto, nullable: true, description: 'the part of the estate the user sees; absent or null: all of it' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScopeDto)
  scope?: ScopeDto | null;
}

export class UpdateUserDto {
  @ApiPropertyOptional({ minLength: MIN_PASSWORD_LENGTH }) @IsOptional() @IsString() @MinLength(MIN_PASSWORD_LENGTH) @MaxLength(200) password?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ nullable: true }) @ValidateIf((_, v) => v !== null) @IsOptional() @IsString() @MaxLength(200) displayName?: string | null;
  @ApiPropertyOptional({ nullable: true }) @ValidateIf((_, v) => v !== null) @IsOptional() @IsEmail() @MaxLength(200) email?: string | null;
  @ApiPropertyOptional({ description: 'false: the user can no longer sign in' }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({ type: ScopeDto, nullable: true, description: 'null: the whole estate' })
  @ValidateIf((_, v) => v !== null)
  @IsOptional()
  @ValidateNested()
  @Type(() => ScopeDto)
  scope?: ScopeDto | null;
}

export class UserQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
}

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UserService) {}

  @Post()
  @Can('user.write')
  create(@CurrentActor() actor: Actor, @Body() body: CreateUserDto) {
    return this.users.create(actor, body);
  }

  @Patch(':id')
  @Can('user.write')
  update(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateUserDto) {
    return this.users.update(actor, id, body);
  }

  @Get()
  @Can('user.read')
  // operators list engineers to dispatch faults to
  list(@CurrentActor() actor: Actor, @Query() query: UserQueryDto) {
    return this.users.list(actor, { role: query.role }, pageOf(query));
  }
}
