import type { AgentDevice } from '@vigil/domain';
import type { DeviceReading, HealthSource } from '../../apps/agent/src/sources/health-source';
import { createIsapiSource } from '../../apps/agent/src/sources/isapi/isapi-source';
import { InMemorySourceCounters } from '../../apps/agent/src/sources/source-counters';
import { IsapiRecorder } from '../support/isapi-recorder';

const recorder = (deviceId: string, type: 'dvr' | 'nvr', address: string, password: string): AgentDevice => ({
  deviceId,
  type,
  protocol: 'isapi',
  address,
  credentials: { username: 'admin', password },
  pollIntervalSec: 60,
});

describe('ISAPI source', () => {
  const servers: IsapiRecorder[] = [];
  let source: HealthSource | null = null;

  const serve = async () => {
    const server = new IsapiRecorder('admin', 'hik12345');
    servers.push(server);
    return { server, address: await server.start() };
  };

  /** Starts the source on these devices and waits for each to be read once (a reading or a counted failure). */
  const pollOnce = async (devices: AgentDevice[], counters: InMemorySourceCounters) => {
    const readings: DeviceReading[] = [];
    const failures = () => Object.values(counters.snapshot()).reduce((a, b) => a + b, 0);
    let done: () => void = () => undefined;
    const all = new Promise<void>((resolve) => (done = resolve));
    const check = () => {
      if (readings.length + failures() >= devices.length) done();
    };
    const counting = { count: (r: string) => (counters.count(r), check()) };
    source = createIsapiSource({ timeoutMs: 500, counters: counting });
    await source.start(devices, { reading: (r) => (readings.push(r), check()), discovered: () => undefined });
    await all;
    return readings;
  };

  afterEach(async () => {
    await source?.stop();
    source = null;
    for (const s of servers.splice(0)) await s.stop();
  });

  it('should read an NVR: a failed disk, a channel not recording, a channel without video, its firmware', async () => {
    const { server, address } = await serve();
    const counters = new InMemorySourceCounters();
    const [reading] = await pollOnce([recorder('NVR-1', 'nvr', address, 'hik12345')], counters);
    expect(reading.deviceId).toBe('NVR-1');
    expect(reading.fw).toBe('V4.22.005 build 191211');
    expect(reading.health).toEqual({
      disks: [
        { id: '1', state: 'ok' },
        { id: '2', state: 'failed' },
      ],
      channels: [
        { ch: 1, recording: true, videoLoss: false },
        { ch: 2, recording: false, videoLoss: true },
      ],
    });
    expect(server.requests).toContain('/ISAPI/ContentMgmt/InputProxy/channels/status');
  });

  it('should read a DVR video loss from its analogue inputs, and leave videoLoss out where the resource is missing', async () => {
    const { server, address } = await serve();
    const [dvr] = await pollOnce([recorder('DVR-1', 'dvr', address, 'hik12345')], new InMemorySourceCounters());
    expect(dvr.health.channels).toEqual([
      { ch: 1, recording: true, videoLoss: false },
      { ch: 2, recording: false, videoLoss: true },
    ]);
    await source?.stop();

    server.routes.delete('/ISAPI/System/Video/inputs/channels');
    const [older] = await pollOnce([recorder('DVR-1', 'dvr', address, 'hik12345')], new InMemorySourceCounters());
    expect(older.health.channels).toEqual([
      { ch: 1, recording: true },
      { ch: 2, recording: false },
    ]);
  });

  it('should give no reading for a wrong password, invalid XML or a recorder that does not answer, and count each', async () => {
    const good = await serve();
    const broken = await serve();
    broken.server.routes.set('/ISAPI/ContentMgmt/Storage/hdd', '<hddList><hdd><id>1</id></hddList>');
    const silent = await serve();
    silent.server.routes.set('/ISAPI/System/deviceInfo', 'hang');
    const counters = new InMemorySourceCounters();

    const readings = await pollOnce(
      [
        recorder('NVR-WRONG', 'nvr', good.address, 'not-the-password'),
        recorder('NVR-BROKEN', 'nvr', broken.address, 'hik12345'),
        recorder('NVR-SILENT', 'nvr', silent.address, 'hik12345'),
      ],
      counters,
    );
    expect(readings).toEqual([]);
    expect(counters.snapshot()).toEqual({ 'isapi.unauthorized': 1, 'isapi.bad-xml': 1, 'isapi.timeout': 1 });
  });
});
