import type { CustomerLink, LinkPurpose } from '@vigil/domain';

export interface LinkVisit {
  at: Date;
  ip: string | null;
  userAgent: string | null;
}

/** One-time customer links, found by the SHA-256 of their token. */
export abstract class CustomerLinkRepository {
  abstract insert(link: CustomerLink): Promise<void>;
  abstract findById(id: string): Promise<CustomerLink | null>;
  abstract findByTokenHash(tokenHash: string): Promise<CustomerLink | null>;
  /** The links issued for one subject, newest first. */
  abstract forSubject(purpose: LinkPurpose, subjectId: string): Promise<CustomerLink[]>;
  /** The first opening only; later ones leave it as it was. */
  abstract markOpened(id: string, visit: LinkVisit): Promise<void>;
  /** Marks the link used unless it is used, revoked or expired at `visit.at`; false when another request got there first. */
  abstract claim(id: string, visit: LinkVisit): Promise<boolean>;
  /** false when it was already used or revoked. */
  abstract revoke(id: string, at: Date, by: string): Promise<boolean>;
  abstract markSent(id: string, at: Date | null, error: string | null): Promise<void>;
}
