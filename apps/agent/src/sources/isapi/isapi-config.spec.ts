import { readIsapiConfig } from './isapi-config';

describe(readIsapiConfig.name, () => {
  it('should default the timeout to 5 s and read it from the environment', () => {
    expect(readIsapiConfig({})).toEqual({ timeoutMs: 5000 });
    expect(readIsapiConfig({ AGENT_ISAPI_TIMEOUT_MS: '2500' })).toEqual({ timeoutMs: 2500 });
  });

  it.each(['abc', '10', '1.5'])('should fail naming the variable for %s', (v) => {
    expect(() => readIsapiConfig({ AGENT_ISAPI_TIMEOUT_MS: v })).toThrow('AGENT_ISAPI_TIMEOUT_MS');
  });
});
