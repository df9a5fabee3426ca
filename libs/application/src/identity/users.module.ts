import { Module } from '@nestjs/common';
import { UserChanges } from './user-changes';
import { UserService } from './user.service';

/** User accounts and "this user's tokens were revoked" (signing in and the access policy are in the core). */
const services = [UserService, UserChanges];

@Module({ providers: services, exports: services })
export class UsersModule {}
