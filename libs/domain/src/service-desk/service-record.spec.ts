import { currentFlags, integrityFlags, timesProblem, type ServiceRecordSignoff } from './service-record';

const at = (iso: string) => new Date(iso);
const now = at('2026-12-02T10:00:00Z');
const staff = ['zhang.san', '张三', 'admin'];

describe('service records', () => {
  it('should want off-site after on-site and neither in the future', () => {
    expect(timesProblem(at('2026-12-02T08:00:00Z'), at('2026-12-02T09:00:00Z'), now)).toBeNull();
    expect(timesProblem(null, null, now)).toBeNull();
    expect(timesProblem(at('2026-12-02T09:00:00Z'), at('2026-12-02T08:00:00Z'), now)).toEqual({ field: 'offSiteAt', message: 'must not be before onSiteAt' });
    expect(timesProblem(at('2026-12-02T11:00:00Z'), null, now)?.field).toBe('onSiteAt');
    expect(timesProblem(null, at('2026-12-02T11:00:00Z'), now)?.field).toBe('offSiteAt');
  });

  it('should flag a device signature by a staff name (spacing and case aside), a copied image, and a customer who could have had a link', () => {
    const device = { channel: 'engineer-device' as const, staffNames: staff, copiedElsewhere: false, customerReachable: false };
    expect(integrityFlags({ ...device, signerName: '李四' })).toEqual([]);
    expect(integrityFlags({ ...device, signerName: ' 张 三 ' })).toEqual(['signer-is-staff']);
    expect(integrityFlags({ ...device, signerName: 'Zhang.San' })).toEqual(['signer-is-staff']);
    expect(integrityFlags({ ...device, signerName: '李四', copiedElsewhere: true, customerReachable: true })).toEqual(['signature-copied', 'device-signed-with-contact']);
  });

  it('should never flag a signature given through a link', () => {
    expect(integrityFlags({ channel: 'customer-link', signerName: '张三', staffNames: staff, copiedElsewhere: true, customerReachable: true })).toEqual([]);
    const signoff = { channel: 'customer-link' } as ServiceRecordSignoff;
    expect(currentFlags({ flags: [], signoff }, true)).toEqual([]);
  });

  it('should add a copy found after signing to the flags of a device signature, in the fixed order', () => {
    const signoff = { channel: 'engineer-device' } as ServiceRecordSignoff;
    expect(currentFlags({ flags: ['device-signed-with-contact'], signoff }, true)).toEqual(['signature-copied', 'device-signed-with-contact']);
    expect(currentFlags({ flags: [], signoff: null }, true)).toEqual([]);
  });
});
