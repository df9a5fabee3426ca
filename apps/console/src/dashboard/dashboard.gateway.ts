import { createHash } from 'node:crypto';
import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit } from '@nestjs/websockets';
import { bufferTime, filter, type Subscription } from 'rxjs';
import type { Namespace, Socket } from 'socket.io';
import { AuthService, DeviceStatusFeed, FaultNotices, FaultService, AccessPolicy, SchedulerPort, type Cancel, type DeviceStatusChange, type FaultNotice } from '@vigil/application';
import {
  coalesceFaultEvents,
  DASHBOARD_NAMESPACE,
  SNAPSHOT_FAULTS,
  type Actor,
  type DashboardServerEvents,
  type Fault,
  type FaultEvent,
  type FaultEventPayload,
  type UserScope,
} from '@vigil/domain';
import { SocketRevocation } from './socket-revocation';

const STATUS_COALESCE_MS = 500;
const FAULT_COALESCE_MS = 250;
const SINGLE_EVENTS_MAX = 50;
/** Packets waiting for one browser before it is cut off; it reconnects and starts again from a snapshot. */
const SLOW_CLIENT_PACKETS = 1000;
const AUDIENCE_REFRESH_MS = 30_000;
const ESTATE = 'estate';

function payloadOf(f: Fault & { sla?: unknown }): FaultEventPayload {
  return {
    id: f.id,
    deviceId: f.deviceId,
    siteId: f.siteId,
    kind: f.kind,
    level: f.level,
    state: f.state,
    openedAt: f.openedAt.toISOString(),
    affectedCount: f.affectedCount,
    parentFaultId: f.parentFaultId,
    assigneeId: f.assigneeId,
    sla: f.sla ?? null,
  };
}

/** The sockets that share one scope: a room, and the sites it may see (null: the whole estate). */
interface Audience {
  room: string;
  scope: UserScope | null;
  siteIds: Set<string> | null;
  members: number;
}

/**
 * The monitoring centre's live feed. The token is checked at the handshake; each socket joins the room
 * of its user's scope (the whole estate, or the sites of some customers and sites) and gets a snapshot,
 * then deltas for that scope only. Bursts are coalesced: faults every 250 ms (one event per fault, a
 * `fault.batch` past 50), device statuses and summaries every 500 ms; statuses are volatile, and a
 * browser that falls too far behind is cut off to reconnect from a fresh snapshot, so one slow screen
 * never holds back the others.
 */
@WebSocketGateway({ namespace: DASHBOARD_NAMESPACE, cors: { origin: true } })
export class DashboardGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  private readonly logger = new Logger(DashboardGateway.name);
  private readonly subscriptions: Subscription[] = [];
  private readonly audiences = new Map<string, Audience>();
  private readonly timers: Cancel[] = [];
  @WebSocketServer() private readonly server!: Namespace<Record<string, never>, DashboardServerEvents>;

  constructor(
    private readonly auth: AuthService,
    private readonly faults: FaultService,
    private readonly notices: FaultNotices,
    private readonly statuses: DeviceStatusFeed,
    private readonly scopes: AccessPolicy,
    private readonly revocation: SocketRevocation,
    private readonly scheduler: SchedulerPort,
  ) {}

  afterInit(server: Namespace): void {
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown })?.token;
      if (typeof token !== 'string') return next(new Error('unauthorized: a token is required'));
      this.auth.verify(token).then(
        (actor) => {
          (socket.data as { actor?: Actor }).actor = actor;
          next();
        },
        () => next(new Error('unauthorized: the token is not valid')),
      );
    });
    this.revocation.watch(server);
    this.subscriptions.push(
      this.notices.notices$
        .pipe(
          bufferTime(FAULT_COALESCE_MS),
          filter((b) => b.length > 0),
        )
        .subscribe((batch) => void this.sendFaults(batch).catch((err: Error) => this.logger.error(`fault events: ${err.message}`))),
      this.notices.notices$
        .pipe(
          bufferTime(STATUS_COALESCE_MS),
          filter((b) => b.length > 0),
        )
        .subscribe(() => void this.sendSummaries()),
      this.statuses.changes$
        .pipe(
          bufferTime(STATUS_COALESCE_MS),
          filter((b) => b.length > 0),
        )
        .subscribe((batches) => this.sendStatuses(batches.flat())),
    );
    this.timers.push(
      this.scheduler.every(1000, () => this.cutOffSlowClients(), 'dashboard-slow-clients'),
      this.scheduler.every(AUDIENCE_REFRESH_MS, () => this.refreshAudiences(), 'dashboard-audiences'),
    );
  }

  async handleConnection(socket: Socket): Promise<void> {
    const actor = (socket.data as { actor: Actor }).actor;
    try {
      const siteIds = await this.scopes.siteFilter(actor, 'dashboard.read');
      const audience = this.join(actor.scope ?? null, siteIds);
      (socket.data as { room?: string }).room = audience.room;
      await socket.join(audience.room);
      const scoped = siteIds === null ? null : [...siteIds];
      const [summary, open] = await Promise.all([this.faults.openCountsWithin(scoped), this.faults.listWithin({ state: 'open', siteIds: scoped }, { limit: SNAPSHOT_FAULTS })]);
      socket.emit('summary', summary);
      socket.emit('snapshot', {
        at: new Date().toISOString(),
        summary,
        totalOpen: open.total,
        faults: open.items.filter((f) => f.parentFaultId === null).map(payloadOf),
      });
    } catch (err) {
      this.logger.error(`snapshot for a new client: ${(err as Error).message}`);
    }
  }

  handleDisconnect(socket: Socket): void {
    const room = (socket.data as { room?: string }).room;
    const audience = room ? this.audiences.get(room) : undefined;
    if (audience && --audience.members <= 0) this.audiences.delete(room!);
  }

  onModuleDestroy(): void {
    this.subscriptions.forEach((s) => s.unsubscribe());
    this.timers.forEach((cancel) => cancel());
  }

  private join(scope: UserScope | null, siteIds: string[] | null): Audience {
    const room = siteIds === null ? ESTATE : `scope:${createHash('sha256').update(JSON.stringify(scope)).digest('hex').slice(0, 16)}`;
    const audience = this.audiences.get(room) ?? { room, scope, siteIds: siteIds === null ? null : new Set(siteIds), members: 0 };
    audience.members += 1;
    this.audiences.set(room, audience);
    return audience;
  }

  /** Sites come and go: a scope's site list is read again now and then. */
  private async refreshAudiences(): Promise<void> {
    const scoped = [...this.audiences.values()].filter((a): a is Audience & { scope: UserScope } => a.scope !== null);
    const ids = await this.scopes.siteIdsInEach(scoped.map((a) => a.scope)).catch(() => null);
    if (ids)
      scoped.forEach((a, i) => {
        a.siteIds = new Set(ids[i]);
      });
  }

  private sees(a: Audience, siteId: string): boolean {
    return a.siteIds === null || a.siteIds.has(siteId);
  }

  /** Each fault's payload (with its SLA) is made once per burst, whatever the number of browsers. */
  private async sendFaults(batch: FaultNotice[]): Promise<void> {
    const events = coalesceFaultEvents(batch.map((n): FaultEvent<Fault> => ({ type: n.type, fault: n.fault })));
    if (this.audiences.size === 0) return;
    const payloads = await Promise.all(
      events.map(async (e) => ({
        type: e.type,
        fault: payloadOf(await this.faults.view(e.fault).catch(() => e.fault)),
      })),
    );
    for (const a of this.audiences.values()) {
      const mine = payloads.filter((e) => this.sees(a, e.fault.siteId));
      if (mine.length === 0) continue;
      const room = this.server.to(a.room);
      if (mine.length <= SINGLE_EVENTS_MAX) for (const e of mine) room.emit(`fault.${e.type}`, e.fault);
      else room.emit('fault.batch', { events: mine });
    }
  }

  private async sendSummaries(): Promise<void> {
    for (const a of this.audiences.values()) {
      try {
        this.server.to(a.room).emit('summary', await this.faults.openCountsWithin(a.siteIds === null ? null : [...a.siteIds]));
      } catch (err) {
        this.logger.error(`summary: ${(err as Error).message}`);
      }
    }
  }

  private sendStatuses(changes: DeviceStatusChange[]): void {
    const latest = [...new Map(changes.map((c) => [c.deviceId, c])).values()];
    for (const a of this.audiences.values()) {
      const mine = latest.filter((c) => this.sees(a, c.siteId));
      if (mine.length === 0) continue;
      const room = this.server.to(a.room).volatile;
      if (mine.length <= SINGLE_EVENTS_MAX) for (const c of mine) room.emit('device.status', c);
      else room.emit('device.status.batch', { changes: mine });
    }
  }

  private cutOffSlowClients(): void {
    for (const socket of this.server.sockets.values()) {
      const buffered = (socket.conn as unknown as { writeBuffer?: unknown[] }).writeBuffer?.length ?? 0;
      if (buffered > SLOW_CLIENT_PACKETS) {
        this.logger.warn(`cutting off a browser ${buffered} packets behind; it reconnects from a snapshot`);
        socket.disconnect(true);
      }
    }
  }
}
