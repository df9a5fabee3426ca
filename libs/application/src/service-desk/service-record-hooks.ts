import { Injectable, type OnModuleInit } from '@nestjs/common';
import { FaultTransitionHooks } from '../faults/fault-transition-hooks';
import { LinkPurposes } from './link-purposes';
import { SERVICE_RECORD_SIGN, ServiceRecordService } from './service-record.service';

/**
 * Where service records plug into the rest: a draft when a fault is closed after a visit (in the closing transaction,
 * the fault itself unchanged), and the `service-record-sign` purpose of one-time links (open shows the record, `sign` signs it).
 */
@Injectable()
export class ServiceRecordHooks implements OnModuleInit {
  constructor(
    private readonly records: ServiceRecordService,
    private readonly faultHooks: FaultTransitionHooks,
    private readonly purposes: LinkPurposes,
  ) {}

  onModuleInit(): void {
    this.faultHooks.register(async ({ action, after, actor }) => {
      if (action.type !== 'close' || !after.arrivedAt) return;
      await this.records.draftForClosedFault(actor, after, action.signoff);
    });
    this.purposes.register({
      purpose: SERVICE_RECORD_SIGN,
      label: '查看并签署客户服务记录表',
      page: 'sign',
      describe: (link) => this.records.linkSummary(link.subjectId),
      actions: { sign: (use, input) => this.records.signThroughLink(use, input) },
    });
  }
}
