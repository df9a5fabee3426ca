import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { LoanOverdue } from '@vigil/application';

/** Hands the loans' overdue timer to the runner the FaultsWorker starts, and the `loan` alert subject to the budget. */
@Injectable()
export class LoansWorker implements OnApplicationBootstrap {
  constructor(private readonly overdue: LoanOverdue) {}

  onApplicationBootstrap(): void {
    this.overdue.start();
  }
}
