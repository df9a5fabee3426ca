import type { CustomerLink } from '@vigil/domain';
import { CustomerLinkRepository, type LinkVisit } from '../ports';

/** Customer links in a map, with the repository's conditions (single use, expiry) as the database applies them. */
export class InMemoryCustomerLinks extends CustomerLinkRepository {
  readonly rows = new Map<string, CustomerLink>();

  async insert(link: CustomerLink): Promise<void> {
    this.rows.set(link.id, { ...link });
  }
  async findById(id: string): Promise<CustomerLink | null> {
    return this.rows.get(id) ?? null;
  }
  async findByTokenHash(tokenHash: string): Promise<CustomerLink | null> {
    return [...this.rows.values()].find((l) => l.tokenHash === tokenHash) ?? null;
  }
  async forSubject(purpose: string, subjectId: string): Promise<CustomerLink[]> {
    return [...this.rows.values()].filter((l) => l.purpose === purpose && l.subjectId === subjectId).sort((a, b) => b.issuedAt.getTime() - a.issuedAt.getTime());
  }
  async markOpened(id: string, visit: LinkVisit): Promise<void> {
    const l = this.rows.get(id);
    if (l && !l.openedAt) this.rows.set(id, { ...l, openedAt: visit.at, openedIp: visit.ip, openedUserAgent: visit.userAgent });
  }
  async claim(id: string, visit: LinkVisit): Promise<boolean> {
    const l = this.rows.get(id);
    if (!l || l.usedAt || l.revokedAt || l.expiresAt.getTime() <= visit.at.getTime()) return false;
    this.rows.set(id, { ...l, usedAt: visit.at, usedIp: visit.ip, usedUserAgent: visit.userAgent });
    return true;
  }
  async revoke(id: string, at: Date, by: string): Promise<boolean> {
    const l = this.rows.get(id);
    if (!l || l.usedAt || l.revokedAt) return false;
    this.rows.set(id, { ...l, revokedAt: at, revokedBy: by });
    return true;
  }
  async markSent(id: string, at: Date | null, error: string | null): Promise<void> {
    const l = this.rows.get(id);
    if (l) this.rows.set(id, { ...l, sentAt: at, sendError: error });
  }
}
