import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { CustomerLink } from '@vigil/domain';
import { NotFoundError } from '../errors';
import { SiteRepository } from '../ports';
import { LinkPurposes, type LinkUse } from '../service-desk/link-purposes';
import { COMPLAINT_CONFIRM, FeedbackService } from './feedback.service';

/**
 * The `complaint-confirm` purpose of one-time links: the customer sees their complaint and what was done, and confirms
 * the resolution once (`POST /api/links/{token}/confirm {name, note?}`); the confirmation is recorded `via: link`.
 */
@Injectable()
export class ComplaintLinks implements OnModuleInit {
  constructor(
    private readonly purposes: LinkPurposes,
    private readonly feedback: FeedbackService,
    private readonly sites: SiteRepository,
  ) {}

  onModuleInit(): void {
    this.purposes.register({
      purpose: COMPLAINT_CONFIRM,
      label: '确认投诉处理结果',
      page: 'confirm',
      describe: (link) => this.describe(link),
      actions: { confirm: (use, input) => this.confirm(use, input) },
    });
  }

  /** The complaint as the customer told it and its resolution; nothing of another customer. */
  async describe(link: CustomerLink): Promise<unknown> {
    const target = await this.feedback.confirmationTarget(link.subjectId);
    if (!target || target.customerId !== link.customerId) throw new NotFoundError('link', 'token', 'link-unknown');
    const site = target.siteId ? await this.sites.findById(target.siteId) : null;
    return { complaintId: target.id, site: site?.name ?? null, receivedAt: target.receivedAt, text: target.text, resolution: target.resolution, state: target.state };
  }

  async confirm(use: LinkUse, input: unknown): Promise<unknown> {
    const { name, note } = (input ?? {}) as { name?: unknown; note?: unknown };
    const confirmed = await this.feedback.confirmThroughLink(use.actor, use.link.subjectId, {
      name: typeof name === 'string' ? name : '',
      note: typeof note === 'string' ? note : null,
    });
    return { complaintId: confirmed.id, state: confirmed.state, confirmedAt: confirmed.confirmation?.at ?? null };
  }
}
