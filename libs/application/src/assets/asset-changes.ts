import { Injectable } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';

/** Tells the parts of this process that cache the register (ingest) which devices changed. */
@Injectable()
export class AssetChanges {
  private readonly subject = new Subject<string[]>();

  devicesChanged(ids: string[]): void {
    if (ids.length > 0) this.subject.next(ids);
  }

  get changed$(): Observable<string[]> {
    return this.subject.asObservable();
  }
}
