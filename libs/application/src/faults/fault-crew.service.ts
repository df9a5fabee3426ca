import { Injectable } from '@nestjs/common';
import { onCallAt, type Actor, type OnCallRota, type Role, type User } from '@vigil/domain';
import { RotaRouter } from '../alerting/rota-router';
import { AccessPolicy } from '../identity/access-policy';
import { usersCovering, usersVisibleTo } from '../identity/user-visibility';
import { ClockPort, UserRepository } from '../ports';
import { FaultService } from './fault.service';

export type OnCallPlace = 'primary' | 'backup';

export interface CrewPerson {
  id: string;
  username: string;
  /** The display name, else the username. */
  name: string;
  role: Role;
}

/** Who answers for a fault now: the rota that covers it (as its alerts are routed) and who is on it. */
export interface FaultOnCall {
  rota: { id: string; name: string; cover: OnCallRota['cover'] } | null;
  primary: CrewPerson | null;
  backup: CrewPerson | null;
  supervisors: CrewPerson[];
}

export type Assignee = CrewPerson & { onCall: OnCallPlace | null };

/** The roles a fault may be dispatched to (FaultService checks the same on dispatch). */
const WORKERS: readonly Role[] = ['engineer', 'supervisor'];

const person = (u: User): CrewPerson => ({ id: u.id, username: u.username, name: u.displayName ?? u.username, role: u.role });

/**
 * The people around one fault, for the console: who is on call for it, and whom it may be dispatched to
 * (the picker offers exactly those the dispatch would accept, the people on call first). The fault is
 * checked first, as every read of it is (404 outside the caller's scope).
 */
@Injectable()
export class FaultCrewService {
  constructor(
    private readonly faults: FaultService,
    private readonly users: UserRepository,
    private readonly router: RotaRouter,
    private readonly access: AccessPolicy,
    private readonly clock: ClockPort,
  ) {}

  async onCall(actor: Actor, faultId: string): Promise<FaultOnCall> {
    const fault = await this.faults.visible(actor, 'fault.read', faultId);
    const rota = await this.router.rotaFor(fault, this.clock.now());
    if (!rota) return { rota: null, primary: null, backup: null, supervisors: [] };
    const now = onCallAt(rota, this.clock.now());
    const named = await this.visibleUsers(actor, [now.primary, now.backup, ...rota.supervisorIds]);
    const byId = (id: string | null) => (id ? (named.get(id) ?? null) : null);
    return {
      rota: { id: rota.id, name: rota.name, cover: rota.cover },
      primary: byId(now.primary),
      backup: byId(now.backup),
      supervisors: rota.supervisorIds.map(byId).filter((p): p is CrewPerson => p !== null),
    };
  }

  /** Active engineers and supervisors whose own scope covers the fault's site and whom the caller may see; on call first. */
  async assignees(actor: Actor, faultId: string): Promise<{ items: Assignee[]; total: number }> {
    const fault = await this.faults.visible(actor, 'fault.dispatch', faultId);
    const found = (await Promise.all(WORKERS.map((role) => this.users.list({ role }, {})))).flatMap((p) => p.items).filter((u) => u.active);
    const covering = await usersCovering(this.access, found, fault.siteId);
    const visible = await usersVisibleTo(this.access, actor, covering);
    const rota = await this.router.rotaFor(fault, this.clock.now());
    const now = rota ? onCallAt(rota, this.clock.now()) : { primary: null, backup: null };
    const place = (id: string): OnCallPlace | null => (id === now.primary ? 'primary' : id === now.backup ? 'backup' : null);
    const rank = (a: Assignee) => (a.onCall === 'primary' ? 0 : a.onCall === 'backup' ? 1 : a.role === 'engineer' ? 2 : 3);
    const items = visible
      .map((u) => ({ ...person(u), onCall: place(u.id) }))
      .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id));
    return { items, total: items.length };
  }

  private async visibleUsers(actor: Actor, ids: (string | null)[]): Promise<Map<string, CrewPerson>> {
    const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
    const found = (await Promise.all(wanted.map((id) => this.users.findById(id)))).filter((u): u is User => u !== null);
    return new Map((await usersVisibleTo(this.access, actor, found)).map((u) => [u.id, person(u)]));
  }
}
