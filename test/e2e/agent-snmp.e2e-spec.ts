import type { AgentDevice } from '@vigil/domain';
import type { DeviceReading } from '../../apps/agent/src/sources/health-source';
import { SnmpSource } from '../../apps/agent/src/sources/snmp/snmp.source';
import type { SourceContext } from '../../apps/agent/src/sources/source-context';
import { SNMP_V3_USER, SnmpPeer } from '../support/snmp-peer';
import { waitFor } from '../support/wait-for';

/** The SNMP source against a real SNMP agent (net-snmp's) on a free UDP port: v2c and v3 authPriv. */
describe(SnmpSource.name, () => {
  let peer: SnmpPeer | null;
  let source: SnmpSource;
  let readings: DeviceReading[];
  let failures: string[];
  const ctx: SourceContext = {
    log: () => undefined,
    pollFailed: (_p, id, reason) => failures.push(`${id}: ${reason}`),
    clockDrift: () => undefined,
    count: () => undefined,
    now: () => new Date(),
  };
  const device = (deviceId: string, credentials: AgentDevice['credentials']): AgentDevice => ({
    deviceId,
    type: 'switch',
    protocol: 'snmp',
    address: `127.0.0.1:${peer!.port}`,
    credentials,
    pollIntervalSec: 1,
  });
  const latest = (id: string) => readings.filter((r) => r.deviceId === id).at(-1);

  beforeEach(async () => {
    readings = [];
    failures = [];
    peer = await SnmpPeer.start(
      [
        { ifIndex: 1, up: true, speed: 1_000_000_000 },
        { ifIndex: 2, up: true },
        { ifIndex: 3, up: true },
      ],
      { tempC: 41.5 },
    );
    source = new SnmpSource(ctx, { maxInFlight: 4, timeoutMs: 500 });
  });
  afterEach(async () => {
    await source.stop();
    await peer?.stop();
  });

  it('should read ports, uplink, temperature and firmware over v2c and v3 authPriv', async () => {
    const v3 = {
      snmpVersion: '3' as const,
      username: SNMP_V3_USER.name,
      authProtocol: 'sha' as const,
      password: SNMP_V3_USER.authKey,
      privProtocol: 'aes' as const,
      privPassword: SNMP_V3_USER.privKey,
    };
    await source.start([device('sw-v2c', { community: 'public' }), device('sw-v3', v3)], { reading: (r) => readings.push(r), discovered: () => undefined });
    const expected = {
      health: {
        ports: [
          { port: 1, up: true },
          { port: 2, up: true },
          { port: 3, up: true },
        ],
        uplinkUp: true,
        tempC: 41.5,
      },
      fw: '7.1.070',
    };
    expect(await waitFor(async () => latest('sw-v2c'))).toMatchObject(expected);
    expect(await waitFor(async () => latest('sw-v3'))).toMatchObject(expected);
  });

  it('should show a port going down in the next reading', async () => {
    await source.start([device('sw-1', { community: 'public' })], { reading: (r) => readings.push(r), discovered: () => undefined });
    await waitFor(async () => latest('sw-1'));
    peer!.setPort(2, false);
    const down = await waitFor(async () => {
      const r = latest('sw-1');
      return (r?.health.ports as { port: number; up: boolean }[] | undefined)?.some((p) => p.port === 2 && !p.up) ? r : undefined;
    }, 5000);
    expect(down.health.uplinkUp).toBe(true);
  });

  it('should give no reading with a wrong community or v3 key, nor once the agent stops', async () => {
    const v3 = { snmpVersion: '3' as const, username: SNMP_V3_USER.name, password: SNMP_V3_USER.authKey, privPassword: 'not-the-key' };
    await source.start([device('sw-bad', { community: 'wrong' }), device('sw-bad-v3', v3), device('sw-1', { community: 'public' })], {
      reading: (r) => readings.push(r),
      discovered: () => undefined,
    });
    await waitFor(async () => latest('sw-1'));
    await peer!.stop();
    peer = null;
    const count = readings.length;
    await waitFor(async () => failures.filter((f) => f.startsWith('sw-1')).length >= 2, 5000);
    expect(readings.length).toBe(count);
    expect(readings.filter((r) => r.deviceId.startsWith('sw-bad'))).toEqual([]);
    expect(failures.some((f) => f.startsWith('sw-bad:'))).toBe(true);
    expect(failures.some((f) => f.startsWith('sw-bad-v3:'))).toBe(true);
  });
});
