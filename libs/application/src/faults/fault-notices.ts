import { Injectable } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';
import type { Fault } from '@vigil/domain';

export type FaultNoticeType = 'opened' | 'updated' | 'cleared';
export interface FaultNotice {
  type: FaultNoticeType;
  fault: Fault;
}

/** Faults as they change, for the dashboard and alerting; local ones are relayed to other processes. */
@Injectable()
export class FaultNotices {
  private readonly all = new Subject<FaultNotice>();
  private readonly local = new Subject<FaultNotice>();

  publish(notice: FaultNotice): void {
    this.local.next(notice);
    this.all.next(notice);
  }

  publishedElsewhere(notice: FaultNotice): void {
    this.all.next(notice);
  }

  get notices$(): Observable<FaultNotice> {
    return this.all.asObservable();
  }

  get local$(): Observable<FaultNotice> {
    return this.local.asObservable();
  }
}
