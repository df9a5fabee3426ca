import { digestAuthorization, parseDigestChallenge } from './http-digest';

describe(parseDigestChallenge.name, () => {
  it('should read a Hikvision challenge', () => {
    expect(parseDigestChallenge('Digest qop="auth", realm="IP Camera(C1234)", nonce="4e4445354f", stale="FALSE"')).toEqual({
      qop: 'auth',
      realm: 'IP Camera(C1234)',
      nonce: '4e4445354f',
      stale: 'FALSE',
    });
  });

  it.each([undefined, 'Basic realm="x"', 'Digest qop="auth"'])('should refuse %p', (header) => {
    expect(parseDigestChallenge(header)).toBeNull();
  });
});

describe(digestAuthorization.name, () => {
  // RFC 2617 §3.5's example
  const challenge = { realm: 'testrealm@host.com', qop: 'auth,auth-int', nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093', opaque: '5ccc069c403ebaf9f0171e9517f40e41' };
  const request = { method: 'GET', uri: '/dir/index.html', username: 'Mufasa', password: 'Circle Of Life', nc: 1, cnonce: '0a4f113b' };

  it('should give the RFC 2617 example response with qop=auth', () => {
    const header = digestAuthorization(challenge, request);
    expect(header).toContain('response="6629fae49393a05397450978507c4ef1"');
    expect(header).toContain('nc=00000001');
    expect(header).toContain('opaque="5ccc069c403ebaf9f0171e9517f40e41"');
  });

  it('should answer without qop when none is offered', () => {
    const header = digestAuthorization({ realm: 'r', nonce: 'n' }, request);
    expect(header).not.toContain('qop=');
    expect(header).toMatch(/response="[0-9a-f]{32}"/);
  });

  it('should refuse an algorithm other than MD5', () => {
    expect(() => digestAuthorization({ ...challenge, algorithm: 'SHA-256' }, request)).toThrow('SHA-256');
  });
});
