import type { AgentDevice } from '@vigil/domain';
import { getWithDigest } from './digest-http-client';
import { readDisks, readFirmware, readInputVideoLoss, readProxyVideoLoss, readRecording } from './hikvision-xml';
import { RecorderReadError, type RecorderApiAdapter, type RecorderStatus } from './recorder-api-adapter';

export interface HikvisionIsapiOptions {
  timeoutMs: number;
  /** 'http' unless the recorder serves ISAPI over TLS only. */
  scheme?: 'http' | 'https';
}

/**
 * Hikvision ISAPI: firmware from /ISAPI/System/deviceInfo, disks from /ISAPI/ContentMgmt/Storage/hdd, recording set-up
 * from /ISAPI/ContentMgmt/record/tracks, video loss from the IP channels' status (NVR) or the analogue inputs (DVR).
 * A recorder that does not know the video-loss resource (404) reports channels without videoLoss.
 */
export class HikvisionIsapiAdapter implements RecorderApiAdapter {
  constructor(private readonly options: HikvisionIsapiOptions) {}

  async read(device: AgentDevice): Promise<RecorderStatus> {
    const get = (path: string) =>
      getWithDigest(new URL(path, `${this.options.scheme ?? 'http'}://${device.address}`), {
        username: device.credentials.username ?? 'admin',
        password: device.credentials.password ?? '',
        timeoutMs: this.options.timeoutMs,
      });
    const fw = parse(readFirmware, await get('/ISAPI/System/deviceInfo'));
    const disks = parse(readDisks, await get('/ISAPI/ContentMgmt/Storage/hdd'));
    const recording = parse(readRecording, await get('/ISAPI/ContentMgmt/record/tracks'));
    const videoPath = device.type === 'nvr' ? '/ISAPI/ContentMgmt/InputProxy/channels/status' : '/ISAPI/System/Video/inputs/channels';
    const videoBody = await get(videoPath).catch((e: unknown) => {
      if (e instanceof RecorderReadError && e.status === 404) return null;
      throw e;
    });
    const videoLoss = videoBody === null ? [] : parse(device.type === 'nvr' ? readProxyVideoLoss : readInputVideoLoss, videoBody);

    const channels = new Map<number, { ch: number; recording?: boolean; videoLoss?: boolean }>();
    for (const r of recording) channels.set(r.ch, { ch: r.ch, recording: r.recording });
    for (const v of videoLoss) channels.set(v.ch, { ...(channels.get(v.ch) ?? { ch: v.ch }), videoLoss: v.videoLoss });
    const status: RecorderStatus = { disks, channels: [...channels.values()].sort((a, b) => a.ch - b.ch) };
    if (fw) status.fw = fw;
    return status;
  }
}

function parse<T>(reader: (body: string) => T, body: string): T {
  try {
    return reader(body);
  } catch (e) {
    throw new RecorderReadError('bad-xml', e instanceof Error ? e.message : String(e));
  }
}
