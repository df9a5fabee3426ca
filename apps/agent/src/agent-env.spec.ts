import { AgentEnvError, readAgentEnv } from './agent-env';

const base = { AGENT_MQTT_URL: 'mqtt://10.0.0.1:1883', AGENT_GATEWAY_ID: 'gw-1', AGENT_GATEWAY_SECRET: 's3cret', AGENT_CONFIG_FILE: '/etc/vigil/agent.json' };

describe(readAgentEnv.name, () => {
  it('should fill the defaults', () => {
    expect(readAgentEnv(base)).toEqual({
      mqttUrl: 'mqtt://10.0.0.1:1883',
      gatewayId: 'gw-1',
      mqttUsername: 'gw@gw-1',
      gatewaySecret: 's3cret',
      config: { kind: 'file', path: '/etc/vigil/agent.json' },
      bufferDir: './agent-buffer',
      bufferMax: 100_000,
      httpPort: 9464,
      maxInFlight: 16,
    });
  });

  it('should take the platform with its refresh and an explicit MQTT username', () => {
    const env = readAgentEnv({
      ...base,
      AGENT_CONFIG_FILE: undefined,
      AGENT_PLATFORM_URL: 'https://vigil.example.com/',
      AGENT_CONFIG_REFRESH_SEC: '60',
      AGENT_MQTT_USERNAME: 'gw-1',
    });
    expect(env.config).toEqual({ kind: 'platform', url: 'https://vigil.example.com', refreshSec: 60 });
    expect(env.mqttUsername).toBe('gw-1');
  });

  it('should name every bad variable', () => {
    const bad = () => readAgentEnv({ AGENT_MQTT_URL: 'localhost', AGENT_GATEWAY_ID: 'gw 1', AGENT_BUFFER_MAX: '-3', AGENT_HTTP_PORT: 'x' });
    expect(bad).toThrow(AgentEnvError);
    expect(bad).toThrow(/AGENT_MQTT_URL[\s\S]*AGENT_GATEWAY_ID[\s\S]*AGENT_GATEWAY_SECRET[\s\S]*AGENT_CONFIG_FILE[\s\S]*AGENT_BUFFER_MAX[\s\S]*AGENT_HTTP_PORT/);
  });
});
