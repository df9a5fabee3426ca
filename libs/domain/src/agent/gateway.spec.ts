import { DEVICE_ID_PATTERN } from '../assets/device-type';
import { gatewayIdOfUsername, gatewayUsername } from './gateway';

describe(gatewayUsername.name, () => {
  it('should give a login no device id can be', () => {
    expect(gatewayUsername('GW-JN-01')).toBe('gw@GW-JN-01');
    expect(DEVICE_ID_PATTERN.test(gatewayUsername('GW-JN-01'))).toBe(false);
  });

  it('should read the gateway back from its login, and nothing from other names', () => {
    expect(gatewayIdOfUsername('gw@GW-JN-01')).toBe('GW-JN-01');
    expect(gatewayIdOfUsername('GW-JN-01')).toBeNull();
    expect(gatewayIdOfUsername('gw@')).toBeNull();
    expect(gatewayIdOfUsername('gw@a/b')).toBeNull();
    expect(gatewayIdOfUsername('xgw@A')).toBeNull();
  });
});
