import { XMLParser } from 'fast-xml-parser';
import type { DiskState } from './recorder-api-adapter';

/**
 * Pure readers of the Hikvision ISAPI answers the adapter uses (HIKVISION ISAPI Developer Guide, "ISAPI Core Protocol":
 * XML_DeviceInfo, XML_hddList, XML_TrackList, XML_InputProxyChannelStatusList, XML_VideoInputChannelList). Each throws
 * on a body that is not the expected document.
 */
const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ['hdd', 'Track', 'InputProxyChannelStatus', 'VideoInputChannel'].includes(name),
});

function root(body: string, name: string): Record<string, unknown> {
  const doc = parser.parse(body, true) as Record<string, unknown>;
  const el = doc[name];
  // an empty list (<hddList/>) parses as ''
  if (el === '') return {};
  if (typeof el !== 'object' || el === null) throw new Error(`not an ISAPI ${name} document`);
  return el as Record<string, unknown>;
}

function list(el: Record<string, unknown>, name: string): Record<string, unknown>[] {
  const items = el[name];
  return Array.isArray(items) ? items.filter((i): i is Record<string, unknown> => typeof i === 'object' && i !== null) : [];
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const posInt = (v: unknown): number | undefined => (typeof v === 'string' && /^\d{1,6}$/.test(v) && Number(v) > 0 ? Number(v) : undefined);

/** GET /ISAPI/System/deviceInfo → firmwareVersion (with its build date when given, e.g. "V4.22.005 build 191211"). */
export function readFirmware(body: string): string | undefined {
  const info = root(body, 'DeviceInfo');
  const version = str(info.firmwareVersion);
  const build = str(info.firmwareReleasedDate);
  return version && build ? `${version} ${build}` : version;
}

/**
 * XML_hdd `status` values: ok, idle (spun down) and sleep are healthy; smartFailed (S.M.A.R.T. predicts failure),
 * mismatch, reparing and formating still hold a disk that works or will: warning; error, unformatted, abnormal,
 * offline (a network disk gone) and unRecordHostFormatted (formatted by another recorder) record nothing: failed;
 * notexist / doubleNotExist: absent. A status not listed is a warning, never silently ok.
 */
const HDD_STATES: Record<string, DiskState> = {
  ok: 'ok',
  idle: 'ok',
  sleep: 'ok',
  smartfailed: 'warning',
  mismatch: 'warning',
  reparing: 'warning',
  repairing: 'warning',
  formating: 'warning',
  formatting: 'warning',
  error: 'failed',
  unformatted: 'failed',
  abnormal: 'failed',
  offline: 'failed',
  unrecordhostformatted: 'failed',
  notexist: 'absent',
  doublenotexist: 'absent',
};

/** GET /ISAPI/ContentMgmt/Storage/hdd → one disk per `hdd`, id as the recorder numbers it. */
export function readDisks(body: string): { id: string; state: DiskState }[] {
  return list(root(body, 'hddList'), 'hdd').flatMap((hdd) => {
    const id = str(hdd.id);
    if (!id) return [];
    return [{ id, state: HDD_STATES[(str(hdd.status) ?? '').toLowerCase()] ?? 'warning' }];
  });
}

/**
 * GET /ISAPI/ContentMgmt/record/tracks → per channel, whether it is set to record: track id = channel × 100 + stream
 * (101 = channel 1 main stream). A channel records when its main-stream track is enabled and its schedule too
 * (CustomExtension enableSchedule, when present). This is the recorder's recording set-up, not a live recording flag.
 */
export function readRecording(body: string): { ch: number; recording: boolean }[] {
  return list(root(body, 'TrackList'), 'Track').flatMap((track) => {
    const id = posInt(track.id);
    if (id === undefined || id % 100 !== 1) return [];
    const ext = (track.CustomExtensionList as { CustomExtension?: { enableSchedule?: unknown } } | undefined)?.CustomExtension;
    const schedule = str(ext?.enableSchedule);
    return [{ ch: Math.floor(id / 100), recording: str(track.Enable) !== 'false' && schedule !== 'false' }];
  });
}

/** GET /ISAPI/ContentMgmt/InputProxy/channels/status (an NVR's IP channels) → video lost when the camera is not online. */
export function readProxyVideoLoss(body: string): { ch: number; videoLoss: boolean }[] {
  return list(root(body, 'InputProxyChannelStatusList'), 'InputProxyChannelStatus').flatMap((s) => {
    const ch = posInt(s.id);
    return ch === undefined ? [] : [{ ch, videoLoss: str(s.online) === 'false' }];
  });
}

/** GET /ISAPI/System/Video/inputs/channels (a DVR's analogue inputs) → video lost when resDesc reads "NO VIDEO". */
export function readInputVideoLoss(body: string): { ch: number; videoLoss: boolean }[] {
  return list(root(body, 'VideoInputChannelList'), 'VideoInputChannel').flatMap((c) => {
    const ch = posInt(c.id);
    return ch === undefined ? [] : [{ ch, videoLoss: (str(c.resDesc) ?? '').toUpperCase() === 'NO VIDEO' }];
  });
}
