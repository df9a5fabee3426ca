import type { AgentDevice } from '@vigil/domain';
import type { DeviceReading } from '../health-source';
import { InMemorySourceCounters } from '../source-counters';
import { createIsapiSource } from './isapi-source';
import { RecorderReadError, type RecorderApiAdapter, type RecorderStatus } from './recorder-api-adapter';

const makeDevice = (over: Partial<AgentDevice> = {}): AgentDevice => ({
  deviceId: 'NVR-1',
  type: 'nvr',
  protocol: 'isapi',
  address: '10.0.0.5',
  credentials: { username: 'admin', password: 'x' },
  pollIntervalSec: 30,
  ...over,
});

/** A strict fake of the vendor port: answers what each call is given, in order. */
class ScriptedAdapter implements RecorderApiAdapter {
  readonly calls: string[] = [];
  constructor(private readonly answers: (RecorderStatus | RecorderReadError)[]) {}
  async read(device: AgentDevice): Promise<RecorderStatus> {
    this.calls.push(device.deviceId);
    const next = this.answers.shift();
    if (!next) throw new Error('no answer scripted');
    if (next instanceof RecorderReadError) throw next;
    return next;
  }
}

describe(createIsapiSource.name, () => {
  const at = new Date('2026-12-03T08:00:00Z');
  const status: RecorderStatus = { disks: [{ id: '1', state: 'ok' }], channels: [{ ch: 1, recording: true }], fw: 'V4.22.005' };

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('should poll at once and then every pollIntervalSec, reporting health and firmware', async () => {
    const adapter = new ScriptedAdapter([status, { ...status, fw: undefined }]);
    const readings: DeviceReading[] = [];
    const source = createIsapiSource({ adapter, clock: () => at });
    await source.start([makeDevice()], { reading: (r) => readings.push(r), discovered: () => undefined });
    await jest.advanceTimersByTimeAsync(0);
    expect(readings).toEqual([{ deviceId: 'NVR-1', at, health: { disks: status.disks, channels: status.channels }, fw: 'V4.22.005' }]);
    await jest.advanceTimersByTimeAsync(30_000);
    expect(readings).toHaveLength(2);
    expect(readings[1]).not.toHaveProperty('fw');
    await source.stop();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(adapter.calls).toHaveLength(2);
  });

  it('should count a failed read by its reason and report nothing', async () => {
    const counters = new InMemorySourceCounters();
    const adapter = new ScriptedAdapter([new RecorderReadError('unauthorized', '401')]);
    const readings: DeviceReading[] = [];
    const source = createIsapiSource({ adapter, counters });
    await source.start([makeDevice()], { reading: (r) => readings.push(r), discovered: () => undefined });
    await jest.advanceTimersByTimeAsync(0);
    await source.stop();
    expect(readings).toEqual([]);
    expect(counters.snapshot()).toEqual({ 'isapi.unauthorized': 1 });
  });

  it('should skip devices of other protocols and count types it cannot read', async () => {
    const counters = new InMemorySourceCounters();
    const adapter = new ScriptedAdapter([]);
    const source = createIsapiSource({ adapter, counters });
    await source.start([makeDevice({ protocol: 'snmp' }), makeDevice({ type: 'camera' })], { reading: () => undefined, discovered: () => undefined });
    await jest.advanceTimersByTimeAsync(0);
    await source.stop();
    expect(adapter.calls).toEqual([]);
    expect(counters.snapshot()).toEqual({ 'isapi.unsupported-type': 1 });
  });
});
