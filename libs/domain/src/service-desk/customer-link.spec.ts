import { contactAddress, hasLinkContact, linkMessageText, linkStatus, linkUrl } from './customer-link';

const at = (iso: string) => new Date(iso);

describe('customer links', () => {
  it('should be active until it expires, then expired; used and revoked for good', () => {
    const link = { usedAt: null, revokedAt: null, expiresAt: at('2026-12-03T00:00:00Z') };
    expect(linkStatus(link, at('2026-12-02T23:59:59Z'))).toBe('active');
    expect(linkStatus(link, at('2026-12-03T00:00:00Z'))).toBe('expired');
    expect(linkStatus({ ...link, usedAt: at('2026-12-02T10:00:00Z') }, at('2027-01-01T00:00:00Z'))).toBe('used');
    expect(linkStatus({ ...link, revokedAt: at('2026-12-02T10:00:00Z') }, at('2026-12-02T11:00:00Z'))).toBe('revoked');
  });

  it("should find the customer's address per channel, blanks counting as none", () => {
    const customer = { id: 'c', name: 'C', contactMobile: ' 138 ', contactEmail: '  ', contactWecomId: null };
    expect(contactAddress(customer, 'sms')).toBe('138');
    expect(contactAddress(customer, 'mail')).toBeNull();
    expect(contactAddress(customer, 'wecom')).toBeNull();
    expect(hasLinkContact(customer)).toBe(true);
    expect(hasLinkContact({ id: 'c', name: 'C', contact: '0532-1234567' })).toBe(false);
  });

  it('should write the message in Chinese with the link and its expiry in local time, zone named', () => {
    const url = linkUrl('https://vigil.example/', 'sign', 'tok_en-1');
    expect(url).toBe('https://vigil.example/#/sign/tok_en-1');
    const text = linkMessageText({ label: '查看并签署客户服务记录表', url, expiresAt: at('2026-12-03T06:00:00Z'), timeZone: 'Asia/Shanghai', customerName: '青岛银行' });
    expect(text).toContain('青岛银行您好');
    expect(text).toContain('请通过以下链接查看并签署客户服务记录表');
    expect(text).toContain(url);
    expect(text).toContain('2026-12-03 14:00 (Asia/Shanghai)');
  });
});
