import { Injectable } from '@nestjs/common';
import type { Actor, AuditAction, AuditEntry } from '@vigil/domain';
import { AuditRepository } from '../ports';
import { ClockPort } from '../ports/clock.port';

/** Writes the audit trail; call inside the transaction that makes the change so both commit or neither. */
@Injectable()
export class AuditService {
  constructor(
    private readonly audit: AuditRepository,
    private readonly clock: ClockPort,
  ) {}

  record(actor: Actor, action: AuditAction, entity: string, entityId: string | null, before: unknown, after: unknown): Promise<AuditEntry> {
    return this.audit.append({
      at: this.clock.now(),
      actor: actor.username,
      role: actor.role,
      action,
      entity,
      entityId,
      before: before ?? null,
      after: after ?? null,
    });
  }
}
