import { Module } from '@nestjs/common';
import { AuditChainService } from './audit-chain.service';
import { AuditNamesService } from './audit-names.service';
import { AuditTrailService } from './audit-trail.service';

/** Reading the audit trail (with the names of what it names), and its signed hash chain (checkpoints, verify, purge); writing an entry is in the core. */
const services = [AuditTrailService, AuditChainService, AuditNamesService];

@Module({ providers: services, exports: services })
export class AuditModule {}
