import { Global, Module } from '@nestjs/common';
import { ArchiveRegistry } from './archive/archive-source';
import { AuditService } from './audit/audit.service';
import { Installation } from './bootstrap/installation';
import { StartUpWork } from './bootstrap/start-up-work';
import { DeviceSecretVerifier } from './devices/device-secret-verifier';
import { GatewayAccessCache } from './gateways/gateway-access';
import { IdempotencyService } from './idempotency/idempotency.service';
import { AccessPolicy } from './identity/access-policy';
import { AuthService } from './identity/auth.service';
import { LoginThrottle } from './identity/login-throttle';

/**
 * What every process's use cases need: the access policy and the audit entry it writes, signing in and checking a
 * token (every process serves HTTP), Idempotency-Key, the broker's device-secret and gateway checks, the install's first start, and
 * the start-up work others wait for, and the registry the archive's sources join from whichever module provides them. Each area's services live in their own module (assets, faults, patrols…), which
 * an app imports only when its process runs them.
 */
const services = [AccessPolicy, AuditService, ArchiveRegistry, AuthService, LoginThrottle, IdempotencyService, DeviceSecretVerifier, GatewayAccessCache, Installation, StartUpWork];

@Global()
@Module({
  providers: services,
  exports: services,
})
export class ApplicationCoreModule {}
