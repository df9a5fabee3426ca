import { parseAgentConfig } from './agent-config.schema';

const aSwitch = { deviceId: 'sw-1', type: 'switch', protocol: 'snmp', address: '10.0.0.2', credentials: { community: 'public' }, pollIntervalSec: 30 };

describe(parseAgentConfig.name, () => {
  it('should accept a valid config, with credentials defaulted and options kept', () => {
    const r = parseAgentConfig({
      gatewayId: 'gw-1',
      devices: [
        { ...aSwitch, options: { uplinkPort: 24 } },
        { ...aSwitch, deviceId: 'sw-2', credentials: undefined },
      ],
    });
    expect(r).toEqual({
      ok: true,
      config: {
        gatewayId: 'gw-1',
        devices: [
          { ...aSwitch, options: { uplinkPort: 24 } },
          { ...aSwitch, deviceId: 'sw-2', credentials: {} },
        ],
      },
    });
  });

  it('should name every problem by its path', () => {
    const r = parseAgentConfig({
      gatewayId: 'gw 1',
      devices: [
        { ...aSwitch, protocol: 'telnet' },
        { ...aSwitch, deviceId: 'sw-2', pollIntervalSec: 0, credentials: { snmpVersion: '3' } },
        { ...aSwitch, extra: 1 },
      ],
    });
    expect(r.ok).toBe(false);
    const fields = r.ok ? [] : r.errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['gatewayId', 'devices[0].protocol', 'devices[1].pollIntervalSec', 'devices[2]']));
  });

  it('should check SNMP v3 needs a user and a repeated device id', () => {
    const r = parseAgentConfig({ gatewayId: 'gw-1', devices: [{ ...aSwitch, credentials: { snmpVersion: '3' } }, aSwitch] });
    expect(r.ok ? [] : r.errors.map((e) => e.field)).toEqual(expect.arrayContaining(['devices[0].credentials.username']));
    const dup = parseAgentConfig({ gatewayId: 'gw-1', devices: [aSwitch, aSwitch] });
    expect(dup.ok ? [] : dup.errors).toEqual([{ field: 'devices[1].deviceId', message: 'repeats sw-1' }]);
  });

  it('should refuse something that is not a config at all', () => {
    expect(parseAgentConfig([]).ok).toBe(false);
    expect(parseAgentConfig(null)).toMatchObject({ ok: false, errors: [{ field: '(whole)' }] });
  });

  it("should take the platform's answer leniently: unknown fields left aside, null secrets as not set", () => {
    const answer = { gatewayId: 'gw-1', devices: [{ ...aSwitch, credentials: { community: 'public', privPassword: null, vendorHint: 'x' }, managedSince: '2026-01-01' }] };
    expect(parseAgentConfig(answer).ok).toBe(false);
    expect(parseAgentConfig(answer, 'lenient')).toEqual({ ok: true, config: { gatewayId: 'gw-1', devices: [{ ...aSwitch, credentials: { community: 'public' } }] } });
  });
});
