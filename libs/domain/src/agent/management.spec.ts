import { maskCredentials, mergeCredentials } from './management';

describe(maskCredentials.name, () => {
  it('should show names and choices, and only whether each secret is set', () => {
    expect(maskCredentials({ username: 'admin', password: 'pw', snmpVersion: '3', privPassword: 'x' })).toEqual({
      username: 'admin',
      snmpVersion: '3',
      hasPassword: true,
      hasCommunity: false,
      hasPrivPassword: true,
    });
  });
});

describe(mergeCredentials.name, () => {
  const stored = { username: 'admin', password: 'old', community: 'public' };

  it('should keep a stored secret the change leaves out', () => {
    expect(mergeCredentials(stored, { username: 'root' })).toEqual({ username: 'root', password: 'old', community: 'public' });
  });

  it('should replace a secret given and clear one given as null', () => {
    expect(mergeCredentials(stored, { username: 'admin', password: 'new', community: null })).toEqual({ username: 'admin', password: 'new' });
  });

  it('should take the change as it is when nothing was stored', () => {
    expect(mergeCredentials(null, { community: 'c', snmpVersion: '2c' })).toEqual({ community: 'c', snmpVersion: '2c' });
  });
});
