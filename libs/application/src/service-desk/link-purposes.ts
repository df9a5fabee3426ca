import { Injectable } from '@nestjs/common';
import type { Actor, CustomerLink, LinkPurpose } from '@vigil/domain';
import type { LinkVisit } from '../ports';

/** What an action taken through a link knows: the link, where the customer came from, and the actor the audit names. */
export interface LinkUse {
  link: CustomerLink;
  visit: LinkVisit;
  /** `customer-link:<link id>`, role system: the customer acting through their one-time link. */
  actor: Actor;
}

/**
 * One purpose of one-time links (service-record-sign, survey, complaint-confirm …), registered by the feature that owns
 * it, usually in its module's onModuleInit: `purposes.register({ purpose: 'survey', label: '填写顾客满意度调查表', … })`.
 */
export interface LinkPurposeHandler {
  purpose: LinkPurpose;
  /** What the customer is asked to do, in Chinese, after "请通过以下链接…": e.g. 查看并签署客户服务记录表. */
  label: string;
  /** The web app page the link opens, `<public url>/#/<page>/<token>`; default `sign`. */
  page?: string;
  /** What the customer sees on opening the link (JSON for the page): the subject's summary, never anything of another customer. */
  describe(link: CustomerLink): Promise<unknown>;
  /**
   * What the customer may do with the link, by action name (the public route's last segment: `sign`, `survey`, `confirm`).
   * Each runs inside the transaction that marks the link used, so a failure (a 400 naming the field) leaves the link usable.
   */
  actions: Record<string, (use: LinkUse, input: unknown) => Promise<unknown>>;
}

/** The registered purposes; one instance for the process (CustomerLinksModule exports it). */
@Injectable()
export class LinkPurposes {
  private readonly handlers = new Map<string, LinkPurposeHandler>();

  register(handler: LinkPurposeHandler): void {
    if (this.handlers.has(handler.purpose)) throw new Error(`link purpose ${handler.purpose} is registered twice`);
    this.handlers.set(handler.purpose, handler);
  }

  find(purpose: LinkPurpose): LinkPurposeHandler | null {
    return this.handlers.get(purpose) ?? null;
  }
}
