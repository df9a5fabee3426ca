import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentDevice } from '@vigil/domain';
import { createGb28181Source } from '../../apps/agent/src/sources/gb28181/gb28181-source';
import type { DeviceReading, DiscoveredEquipment, HealthSource } from '../../apps/agent/src/sources/health-source';
import { InMemorySourceCounters } from '../../apps/agent/src/sources/source-counters';
import { freeSipPort, TestGbDevice } from '../support/gb28181-device';

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/gb28181', name), 'utf8');

const SERVER_ID = '34020000002000000001';
const DOMAIN = '3402000000';
const NVR_ID = '34020000001180000001';
const CAMERA_ID = '34020000001320000009';

const devices: AgentDevice[] = [
  { deviceId: 'NVR-A', type: 'nvr', protocol: 'gb28181', address: NVR_ID, credentials: { password: 'nvr-secret' }, pollIntervalSec: 30 },
  { deviceId: 'CAM-B', type: 'camera', protocol: 'gb28181', address: CAMERA_ID, credentials: { password: 'cam-secret' }, pollIntervalSec: 30 },
];

async function waitFor<T>(read: () => T | undefined, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = read();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('GB/T 28181 source', () => {
  const readings: DeviceReading[] = [];
  const discovered: DiscoveredEquipment[] = [];
  const counters = new InMemorySourceCounters();
  let source: HealthSource;
  let port: number;
  const opened: TestGbDevice[] = [];

  const device = async (id: string, password: string, transport: 'udp' | 'tcp' = 'udp', catalog = 'catalog-response.xml') => {
    const d = new TestGbDevice(id, DOMAIN, password, { sipId: SERVER_ID, port }, (sn) => fixture(catalog).replace('{{SN}}', sn), transport);
    await d.start();
    opened.push(d);
    return d;
  };
  const readingsOf = (deviceId: string) => readings.filter((r) => r.deviceId === deviceId);

  beforeAll(async () => {
    port = await freeSipPort();
    source = createGb28181Source({ sipId: SERVER_ID, domain: DOMAIN, port, host: '127.0.0.1', publicAddress: 'agent.test', alarmHoldSec: 60, counters });
    await source.start(devices, { reading: (r) => readings.push(r), discovered: (f) => discovered.push(...f) });
  });

  afterAll(async () => {
    for (const d of opened) d.stop();
    await source.stop();
  });

  it('should register a device with digest, ask its catalog and report its video channels as discovered', async () => {
    const nvr = await device(NVR_ID, 'nvr-secret');
    expect(await nvr.register()).toBe(200);
    expect(readingsOf('NVR-A')).toHaveLength(1);

    await waitFor(() => (discovered.length >= 2 ? true : undefined), 'the catalog');
    expect(nvr.catalogQueries[0]).toContain(`<DeviceID>${NVR_ID}</DeviceID>`);
    expect(discovered).toEqual([
      { id: '34020000001310000001', type: 'camera', name: 'Camera 01 Gate', parentId: 'NVR-A' },
      { id: '34020000001310000002', type: 'camera', name: 'Camera 02 Yard', parentId: 'NVR-A' },
    ]);
  });

  it('should turn a keepalive into a reading whose channels follow the catalog (Status OFF: video lost)', async () => {
    const nvr = opened[0];
    const before = readingsOf('NVR-A').length;
    expect(await nvr.notify(fixture('keepalive.xml'))).toBe(200);
    const all = readingsOf('NVR-A');
    expect(all).toHaveLength(before + 1);
    expect(all[all.length - 1].health).toEqual({
      disks: [],
      channels: [
        { ch: 1, videoLoss: false },
        { ch: 2, videoLoss: true },
      ],
    });
  });

  it('should hold a video-loss alarm on its channel in the following readings', async () => {
    const nvr = opened[0];
    expect(await nvr.notify(fixture('alarm-video-loss.xml'))).toBe(200);
    expect(await nvr.notify(fixture('keepalive.xml'))).toBe(200);
    const last = readingsOf('NVR-A').at(-1);
    expect(last?.health.channels).toEqual([
      { ch: 1, videoLoss: true },
      { ch: 2, videoLoss: true },
    ]);
  });

  it('should serve a camera over TCP: register, catalog on the same connection, keepalive and tamper into its health', async () => {
    const camera = await device(CAMERA_ID, 'cam-secret', 'tcp', 'catalog-camera.xml');
    expect(await camera.register()).toBe(200);
    await waitFor(() => (camera.catalogQueries.length > 0 ? true : undefined), 'the catalog query over TCP');
    expect(await camera.notify(fixture('keepalive.xml'))).toBe(200);
    expect(readingsOf('CAM-B').at(-1)?.health).toEqual({ video: 'ok', tamper: false });
    expect(await camera.notify(fixture('alarm-tamper.xml'))).toBe(200);
    expect(readingsOf('CAM-B').at(-1)?.health).toEqual({ video: 'ok', tamper: true });
    // a camera's own channel is not reported as discovered equipment
    expect(discovered.map((d) => d.parentId)).not.toContain('CAM-B');
    expect(await camera.register(0)).toBe(200);
  });

  it('should refuse a wrong password and an unknown device, and count both', async () => {
    const camera = await device(CAMERA_ID, 'not-the-password');
    expect(await camera.register()).toBe(403);
    expect(counters.get('gb28181.register.auth-failed')).toBe(1);
    const cameraReadings = readingsOf('CAM-B').length;
    expect(await camera.notify(fixture('keepalive.xml'))).toBe(403);
    expect(readingsOf('CAM-B')).toHaveLength(cameraReadings);

    const stranger = await device('34020000001320000077', 'whatever');
    expect(await stranger.register()).toBe(403);
    expect(counters.get('gb28181.register.unknown-device')).toBe(1);
  });

  it('should answer malformed XML and a foreign content type with 4xx, count them and report nothing', async () => {
    const nvr = opened[0];
    const before = readingsOf('NVR-A').length;
    expect(await nvr.notify('<Notify><CmdType>Keepalive</CmdType><SN>1</Notify>')).toBe(400);
    expect(await nvr.notify('<Notify><CmdType>Keepalive</CmdType></Notify>')).toBe(400);
    expect(await nvr.notify('hello', 'text/plain')).toBe(415);
    expect(counters.get('gb28181.message.bad-xml')).toBe(2);
    expect(counters.get('gb28181.message.content-type')).toBe(1);
    expect(readingsOf('NVR-A')).toHaveLength(before);

    // datagrams that are not SIP, or SIP with broken headers, are dropped and the server goes on answering
    const raw = createSocket('udp4');
    for (const junk of ['garbage\r\n\r\n', 'MESSAGE sip:x SIP/2.0\r\nVia: ???\r\nCSeq: abc\r\n\r\n<Notify>', '\u0000\u0001'.repeat(100)]) {
      await new Promise((resolve) => raw.send(Buffer.from(junk), port, '127.0.0.1', resolve));
    }
    raw.close();
    expect(await nvr.notify(fixture('keepalive.xml'))).toBe(200);
  });

  it('should stop reporting a device that stops keeping alive, refuse it once its registration expires, and after it unregisters', async () => {
    const nvr = opened[0];
    expect(await nvr.register(1)).toBe(200);
    const before = readingsOf('NVR-A').length;
    await new Promise((r) => setTimeout(r, 1100));
    expect(readingsOf('NVR-A')).toHaveLength(before);
    expect(await nvr.notify(fixture('keepalive.xml'))).toBe(403);
    expect(counters.get('gb28181.message.not-registered')).toBeGreaterThanOrEqual(1);

    // registering anew counts as alive and asks the catalog again (its answer is a reading too)
    expect(await nvr.register()).toBe(200);
    await waitFor(() => (readingsOf('NVR-A').length === before + 2 ? true : undefined), 'the register and catalog readings');
    expect(nvr.catalogQueries).toHaveLength(2);
    expect(await nvr.register(0)).toBe(200);
    expect(await nvr.notify(fixture('keepalive.xml'))).toBe(403);
    expect(readingsOf('NVR-A')).toHaveLength(before + 2);
  });
});
