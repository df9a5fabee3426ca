import { Module } from '@nestjs/common';
import { AuditChainService } from './audit-chain.service';
import { AuditTrailService } from './audit-trail.service';

/** Reading the audit trail, and its signed hash chain (checkpoints, verify, purge); writing an entry is in the core. */
const services = [AuditTrailService, AuditChainService];

@Module({ providers: services, exports: services })
export class AuditModule {}
