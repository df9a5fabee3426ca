import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ReorderAlerts } from '@vigil/application';

/** Tells the alert budget (whose digests this process sends) how to word a reorder alert and whether it still stands. */
@Injectable()
export class PartsWorker implements OnApplicationBootstrap {
  constructor(private readonly reorder: ReorderAlerts) {}

  onApplicationBootstrap(): void {
    this.reorder.start();
  }
}
