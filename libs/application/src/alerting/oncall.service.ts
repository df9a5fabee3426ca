import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { onCallAt, type Actor, type MaintenanceWindow, type OnCallRota } from '@vigil/domain';
import { AuditService } from '../audit/audit.service';
import { InputError, NotFoundError } from '../errors';
import { ClockPort, MaintenanceWindowRepository, OnCallRotaRepository, TransactionRunner, UserRepository } from '../ports';

export type RotaInput = Omit<OnCallRota, 'id' | 'createdAt' | 'updatedAt'>;
export type WindowInput = Pick<MaintenanceWindow, 'name' | 'startsAt' | 'endsAt' | 'siteIds' | 'deviceIds' | 'reason'>;

/** On-call rotas and maintenance windows, kept by supervisors. */
@Injectable()
export class OnCallService {
  constructor(
    private readonly rotas: OnCallRotaRepository,
    private readonly windows: MaintenanceWindowRepository,
    private readonly users: UserRepository,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditService,
    private readonly clock: ClockPort,
  ) {}

  async listRotas(): Promise<(OnCallRota & { now: { primary: string | null; backup: string | null } })[]> {
    const now = this.clock.now();
    return (await this.rotas.list()).map((r) => ({ ...r, now: onCallAt(r, now) }));
  }

  async saveRota(actor: Actor, input: RotaInput, id?: string): Promise<OnCallRota> {
    const everyone = [...input.members, ...input.supervisorIds, ...input.managerIds, ...input.overrides.map((o) => o.userId)];
    for (const userId of new Set(everyone)) {
      if (!(await this.users.findById(userId))) throw new InputError('members', `user ${userId} does not exist`);
    }
    if (input.escalateAfterMinutes.some((m, i) => i > 0 && m <= input.escalateAfterMinutes[i - 1])) {
      throw new InputError('escalateAfterMinutes', 'must rise: backup, then supervisor, then manager');
    }
    return this.tx.run(async () => {
      const before = id ? await this.rotas.findById(id) : null;
      if (id && !before) throw new NotFoundError('rota', id);
      const now = this.clock.now();
      const rota: OnCallRota = { ...input, id: id ?? randomUUID(), createdAt: before?.createdAt ?? now, updatedAt: now };
      await this.rotas.save(rota);
      await this.audit.record(actor, before ? 'update' : 'create', 'oncall-rota', rota.id, before, rota);
      return rota;
    });
  }

  async deleteRota(actor: Actor, id: string): Promise<void> {
    await this.tx.run(async () => {
      const before = await this.rotas.findById(id);
      if (!before) throw new NotFoundError('rota', id);
      await this.rotas.delete(id);
      await this.audit.record(actor, 'delete', 'oncall-rota', id, before, null);
    });
  }

  listWindows(): Promise<MaintenanceWindow[]> {
    return this.windows.list();
  }

  async createWindow(actor: Actor, input: WindowInput): Promise<MaintenanceWindow> {
    if (input.endsAt <= input.startsAt) throw new InputError('endsAt', 'must be after startsAt');
    return this.tx.run(async () => {
      const window: MaintenanceWindow = { ...input, id: randomUUID(), createdBy: actor.username, createdAt: this.clock.now() };
      await this.windows.insert(window);
      await this.audit.record(actor, 'create', 'maintenance-window', window.id, null, window);
      return window;
    });
  }

  async deleteWindow(actor: Actor, id: string): Promise<void> {
    await this.tx.run(async () => {
      const before = (await this.windows.list()).find((w) => w.id === id);
      if (!before) throw new NotFoundError('maintenance window', id);
      await this.windows.delete(id);
      await this.audit.record(actor, 'delete', 'maintenance-window', id, before, null);
    });
  }
}
