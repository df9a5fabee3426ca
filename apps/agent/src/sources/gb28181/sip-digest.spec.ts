import { createHash } from 'node:crypto';
import { readCredentials, verifyDigest } from './sip-digest';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const expected = { username: '34020000001320000001', realm: '3402000000', nonce: 'abc', password: 'secret' };
const ha1 = md5('34020000001320000001:3402000000:secret');
const ha2 = md5('REGISTER:sip:34020000002000000001@3402000000');
const base = { username: expected.username, realm: expected.realm, nonce: 'abc', uri: 'sip:34020000002000000001@3402000000' };

describe(verifyDigest.name, () => {
  it('should accept the RFC 2617 response without qop', () => {
    expect(verifyDigest('REGISTER', { ...base, response: md5(`${ha1}:abc:${ha2}`), algorithm: 'MD5' }, expected)).toBe(true);
  });

  it('should accept the response with qop=auth', () => {
    const response = md5(`${ha1}:abc:00000001:xyz:auth:${ha2}`);
    expect(verifyDigest('REGISTER', { ...base, response, qop: 'auth', nc: '00000001', cnonce: 'xyz' }, expected)).toBe(true);
  });

  it.each([
    ['a wrong password', { ...expected, password: 'other' }, {}],
    ['another user', expected, { username: '34020000001320000002' }],
    ['another realm', expected, { realm: '1111111111' }],
    ['another nonce', expected, { nonce: 'zzz' }],
    ['another algorithm', expected, { algorithm: 'SHA-256' }],
    ['qop auth-int', expected, { qop: 'auth-int', nc: '1', cnonce: 'x' }],
    ['no uri', expected, { uri: undefined }],
  ])('should refuse %s', (_what, want, change) => {
    const c = { ...base, response: md5(`${ha1}:abc:${ha2}`), ...change };
    expect(verifyDigest('REGISTER', c, want)).toBe(false);
  });
});

describe(readCredentials.name, () => {
  it('should unquote the parsed header', () => {
    expect(readCredentials({ scheme: 'Digest', username: '"a"', realm: '"b"', algorithm: 'MD5', response: '"r"' })).toEqual({
      username: 'a',
      realm: 'b',
      algorithm: 'MD5',
      response: 'r',
    });
  });
});
