import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import { bufferTime, filter, type Subscription } from 'rxjs';
import type { Namespace, Socket } from 'socket.io';
import { AuthService, DeviceStatusFeed, FaultNotices, FaultService, type DeviceStatusChange, type FaultNotice } from '@vigil/application';
import { DASHBOARD_NAMESPACE, type Actor, type DashboardServerEvents, type FaultEventPayload } from '@vigil/domain';

const COALESCE_MS = 500;
const SINGLE_EVENTS_MAX = 50;
const ROOM_ALL = 'estate';

function payloadOf(n: FaultNotice): FaultEventPayload {
  const f = n.fault;
  return {
    id: f.id, deviceId: f.deviceId, siteId: f.siteId, kind: f.kind, level: f.level, state: f.state, openedAt: f.openedAt.toISOString(),
    affectedCount: f.affectedCount, parentFaultId: f.parentFaultId, assigneeId: f.assigneeId,
  };
}

/**
 * The monitoring centre's live feed: the token is checked at the handshake, a summary is sent on
 * connect, then changes. Bursts are coalesced (device statuses and summaries at most every 500 ms) and
 * device statuses are volatile, so a slow browser drops them rather than holding the others back.
 */
@WebSocketGateway({ namespace: DASHBOARD_NAMESPACE, cors: { origin: true } })
export class DashboardGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  private readonly logger = new Logger(DashboardGateway.name);
  private readonly subscriptions: Subscription[] = [];
  @WebSocketServer() private readonly server!: Namespace<Record<string, never>, DashboardServerEvents>;

  constructor(
    private readonly auth: AuthService,
    private readonly faults: FaultService,
    private readonly notices: FaultNotices,
    private readonly statuses: DeviceStatusFeed,
  ) {}

  afterInit(server: Namespace): void {
    server.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown })?.token;
      if (typeof token !== 'string') return next(new Error('unauthorized: a token is required'));
      this.auth.verify(token).then((actor) => {
        (socket.data as { actor?: Actor }).actor = actor;
        next();
      }, () => next(new Error('unauthorized: the token is not valid')));
    });
    this.subscriptions.push(
      this.notices.notices$.subscribe((n) => this.server.to(ROOM_ALL).emit(`fault.${n.type}`, payloadOf(n))),
      this.notices.notices$.pipe(bufferTime(COALESCE_MS), filter((b) => b.length > 0)).subscribe(() => void this.sendSummary()),
      this.statuses.changes$.pipe(bufferTime(COALESCE_MS), filter((b) => b.length > 0)).subscribe((batches) => this.sendStatuses(batches.flat())),
    );
  }

  async handleConnection(socket: Socket): Promise<void> {
    // every role sees the whole estate today; rooms per customer and site come with user scopes
    await socket.join(ROOM_ALL);
    try {
      socket.emit('summary', await this.faults.summary());
    } catch (err) {
      this.logger.error(`summary for a new client: ${(err as Error).message}`);
    }
  }

  onModuleDestroy(): void {
    this.subscriptions.forEach((s) => s.unsubscribe());
  }

  private async sendSummary(): Promise<void> {
    try {
      this.server.to(ROOM_ALL).emit('summary', await this.faults.summary());
    } catch (err) {
      this.logger.error(`summary: ${(err as Error).message}`);
    }
  }

  private sendStatuses(changes: DeviceStatusChange[]): void {
    const latest = [...new Map(changes.map((c) => [c.deviceId, c])).values()];
    const room = this.server.to(ROOM_ALL).volatile;
    if (latest.length <= SINGLE_EVENTS_MAX) for (const c of latest) room.emit('device.status', c);
    else room.emit('device.status.batch', { changes: latest });
  }
}
