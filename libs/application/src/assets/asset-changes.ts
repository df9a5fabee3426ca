import { Injectable } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';

/** Tells the parts that cache the register (ingest) which devices changed, here and in other processes. */
@Injectable()
export class AssetChanges {
  private readonly all = new Subject<string[]>();
  private readonly local = new Subject<string[]>();

  /** A change made in this process. */
  devicesChanged(ids: string[]): void {
    if (ids.length === 0) return;
    this.local.next(ids);
    this.all.next(ids);
  }

  /** A change another process announced. */
  devicesChangedElsewhere(ids: string[]): void {
    if (ids.length > 0) this.all.next(ids);
  }

  get changed$(): Observable<string[]> {
    return this.all.asObservable();
  }

  get changedHere$(): Observable<string[]> {
    return this.local.asObservable();
  }
}
