import type { AgentDevice } from '@vigil/domain';
import type { DeviceReading } from '../../apps/agent/src/sources/health-source';
import { OnvifSource } from '../../apps/agent/src/sources/onvif/onvif.source';
import type { SourceContext } from '../../apps/agent/src/sources/source-context';
import { OnvifFixture } from '../support/onvif-fixture';
import { waitFor } from '../support/wait-for';

/** The ONVIF source against an ONVIF device fixture (SOAP from test/fixtures/onvif) started in the test. */
describe(OnvifSource.name, () => {
  let camera: OnvifFixture | null;
  let source: OnvifSource;
  let readings: DeviceReading[];
  let failures: string[];
  let drift: number[];
  const ctx: SourceContext = {
    log: () => undefined,
    pollFailed: (_p, id, reason) => failures.push(`${id}: ${reason}`),
    clockDrift: (_id, s) => drift.push(s),
    count: () => undefined,
    now: () => new Date(),
  };
  const device = (password = 'cam-secret'): AgentDevice => ({
    deviceId: 'cam-1',
    type: 'camera',
    protocol: 'onvif',
    address: `127.0.0.1:${camera!.port}`,
    credentials: { username: 'admin', password },
    pollIntervalSec: 1,
  });
  const sink = { reading: (r: DeviceReading) => readings.push(r), discovered: () => undefined };
  const latest = () => readings.at(-1);

  beforeEach(async () => {
    readings = [];
    failures = [];
    drift = [];
    camera = await OnvifFixture.start();
    source = new OnvifSource(ctx, { maxInFlight: 4, timeoutMs: 2000 });
  });
  afterEach(async () => {
    await source.stop();
    await camera?.stop();
  });

  it('should report a reachable camera with its firmware and tell its clock drift', async () => {
    camera!.clockSkewSec = -90;
    await source.start([device()], sink);
    expect(await waitFor(async () => latest())).toMatchObject({ deviceId: 'cam-1', health: { video: 'ok', tamper: false }, fw: 'V5.7.3 build 221014' });
    expect(drift[0]).toBeGreaterThan(-92);
    expect(drift[0]).toBeLessThan(-88);
    expect(camera!.calls).toEqual(expect.arrayContaining(['GetSystemDateAndTime', 'GetServices', 'GetDeviceInformation', 'CreatePullPointSubscription', 'PullMessages']));
  });

  it('should show tamper and video loss from PullPoint events, ignore motion, and clear them', async () => {
    await source.start([device()], sink);
    await waitFor(async () => camera!.calls.includes('PullMessages'));
    camera!.emit('motion', true);
    camera!.emit('tamper', true);
    expect(await waitFor(async () => (latest()?.health.tamper === true ? latest() : undefined), 5000)).toMatchObject({ health: { video: 'ok', tamper: true } });
    camera!.emit('signal-loss', true);
    await waitFor(async () => latest()?.health.video === 'lost', 5000);
    camera!.emit('tamper', false);
    camera!.emit('signal-loss', false);
    await waitFor(async () => latest()?.health.video === 'ok' && latest()?.health.tamper === false, 5000);
  });

  it('should give no reading with a wrong password, nor once the camera is gone', async () => {
    await source.start([device('wrong')], sink);
    await waitFor(async () => failures.length >= 1, 5000);
    expect(readings).toHaveLength(0);
    await source.stop();
    failures = [];
    await source.start([device()], sink);
    await waitFor(async () => latest());
    await camera!.stop();
    camera = null;
    const count = readings.length;
    await waitFor(async () => failures.length >= 2, 6000);
    expect(readings).toHaveLength(count);
  });
});
