import { generateDeviceSecret, hashDeviceSecret, verifyDeviceSecret } from './device-secret';

describe(verifyDeviceSecret.name, () => {
  it('should accept the secret a hash was made of, and nothing else', () => {
    const secret = generateDeviceSecret();
    const stored = hashDeviceSecret(secret);
    expect(stored).not.toContain(secret);
    expect(verifyDeviceSecret(secret, stored)).toBe(true);
    expect(verifyDeviceSecret(generateDeviceSecret(), stored)).toBe(false);
    expect(verifyDeviceSecret('', stored)).toBe(false);
    expect(verifyDeviceSecret(secret, 'garbage')).toBe(false);
  });

  it('should salt each hash, and make 256-bit secrets', () => {
    const secret = generateDeviceSecret();
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(hashDeviceSecret(secret)).not.toBe(hashDeviceSecret(secret));
  });
});
