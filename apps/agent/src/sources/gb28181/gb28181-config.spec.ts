import { readGb28181Config } from './gb28181-config';

describe(readGb28181Config.name, () => {
  it('should default the domain to the id prefix and the port to 5060', () => {
    expect(readGb28181Config({ AGENT_SIP_ID: '34020000002000000001' })).toEqual({ sipId: '34020000002000000001', domain: '3402000000', port: 5060 });
  });

  it('should read every variable', () => {
    const env = {
      AGENT_SIP_ID: '34020000002000000001',
      AGENT_SIP_DOMAIN: '3702000000',
      AGENT_SIP_PORT: '15060',
      AGENT_SIP_HOST: '10.0.0.2',
      AGENT_SIP_PUBLIC_ADDRESS: '10.0.0.2',
      AGENT_SIP_ALARM_HOLD_SEC: '300',
    };
    expect(readGb28181Config(env)).toEqual({
      sipId: '34020000002000000001',
      domain: '3702000000',
      port: 15060,
      host: '10.0.0.2',
      publicAddress: '10.0.0.2',
      alarmHoldSec: 300,
    });
  });

  it.each([
    [{}, 'AGENT_SIP_ID'],
    [{ AGENT_SIP_ID: '123' }, 'AGENT_SIP_ID'],
    [{ AGENT_SIP_ID: '34020000002000000001', AGENT_SIP_DOMAIN: 'abc' }, 'AGENT_SIP_DOMAIN'],
    [{ AGENT_SIP_ID: '34020000002000000001', AGENT_SIP_PORT: '70000' }, 'AGENT_SIP_PORT'],
    [{ AGENT_SIP_ID: '34020000002000000001', AGENT_SIP_ALARM_HOLD_SEC: '0' }, 'AGENT_SIP_ALARM_HOLD_SEC'],
  ])('should fail naming the variable for %j', (env, name) => {
    expect(() => readGb28181Config(env)).toThrow(name);
  });
});
