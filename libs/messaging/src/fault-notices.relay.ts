import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { FaultNotices, InternalBus, type FaultNotice } from '@vigil/application';
import type { Fault } from '@vigil/domain';

const CHANNEL = 'fault-notices';
const DATES = ['openedAt', 'acknowledgedAt', 'dispatchedAt', 'arrivedAt', 'restoredAt', 'repairedAt', 'closedAt', 'clearedAt', 'updatedAt'] as const;

/** Carries fault changes to the other processes' dashboards; a lost notice is repaired by the next snapshot. */
@Injectable()
export class FaultNoticesRelay implements OnModuleInit, OnModuleDestroy {
  private subscription: Subscription | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly notices: FaultNotices, private readonly bus: InternalBus) {}

  onModuleInit(): void {
    this.subscription = this.notices.local$.subscribe((notice) => this.bus.publish(CHANNEL, notice));
    this.unsubscribe = this.bus.subscribe(CHANNEL, (body) => {
      const notice = body as FaultNotice;
      if (!notice?.fault || typeof notice.fault.id !== 'string') return;
      const fault = { ...notice.fault } as Fault & Record<string, unknown>;
      for (const key of DATES) if (typeof fault[key] === 'string') fault[key] = new Date(fault[key] as string);
      fault.pauses = (fault.pauses ?? []).map((p) => ({ ...p, from: new Date(p.from), to: p.to ? new Date(p.to) : null }));
      this.notices.publishedElsewhere({ type: notice.type, fault });
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
    this.unsubscribe?.();
  }
}
