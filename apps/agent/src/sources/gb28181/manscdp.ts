import { XMLParser } from 'fast-xml-parser';

/** A MANSCDP body (GB/T 28181-2016 Appendix A) the agent understands; anything else is `unknown`. */
export type ManscdpMessage =
  | { kind: 'keepalive'; sn: string; deviceId: string; status: string }
  | { kind: 'alarm'; sn: string; deviceId: string; method: number; type: number | null; description: string | null }
  | { kind: 'catalog'; sn: string; deviceId: string; sumNum: number; items: CatalogItem[] }
  | { kind: 'unknown'; cmdType: string; root: string };

export interface CatalogItem {
  deviceId: string;
  name: string | null;
  /** ON/OFF per A.2.6; some devices send ONLINE/OFFLINE or OK. */
  online: boolean;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => name === 'Item',
});

/**
 * Decodes a body as its XML prolog declares (devices mostly send GB2312, a subset of GB18030); UTF-8 otherwise.
 * `raw` is the bytes as the sip package hands them over: a latin1 ('binary') string.
 */
export function decodeBody(raw: string): string {
  const bytes = Buffer.from(raw, 'latin1');
  const head = bytes.subarray(0, 100).toString('latin1');
  const declared = /encoding\s*=\s*["']([\w-]+)["']/i.exec(head)?.[1]?.toLowerCase();
  const encoding = declared === 'gb2312' || declared === 'gbk' || declared === 'gb18030' ? 'gb18030' : 'utf-8';
  return new TextDecoder(encoding, { fatal: false }).decode(bytes);
}

function text(v: unknown): string | null {
  if (typeof v === 'string' && v.length > 0) return v;
  if (typeof v === 'number') return String(v);
  return null;
}

function int(v: unknown): number | null {
  const s = text(v);
  return s !== null && /^\d{1,9}$/.test(s) ? Number(s) : null;
}

/** Parses one MANSCDP body; throws on XML that is not well formed or lacks CmdType, SN or DeviceID (the caller counts it). */
export function parseManscdp(body: string): ManscdpMessage {
  const doc = parser.parse(body, true) as Record<string, unknown>;
  const root = ['Notify', 'Response', 'Query', 'Control'].find((r) => typeof doc[r] === 'object' && doc[r] !== null);
  if (!root) throw new Error('no MANSCDP root element');
  const el = doc[root] as Record<string, unknown>;
  const cmdType = text(el.CmdType);
  const sn = text(el.SN);
  const deviceId = text(el.DeviceID);
  if (!cmdType || !sn || !deviceId) throw new Error('CmdType, SN and DeviceID are required');
  if (root === 'Notify' && cmdType === 'Keepalive') return { kind: 'keepalive', sn, deviceId, status: text(el.Status) ?? 'OK' };
  if (root === 'Notify' && cmdType === 'Alarm') {
    const method = int(el.AlarmMethod);
    if (method === null) throw new Error('Alarm without AlarmMethod');
    const info = (typeof el.Info === 'object' && el.Info !== null ? el.Info : {}) as Record<string, unknown>;
    return { kind: 'alarm', sn, deviceId, method, type: int(info.AlarmType ?? el.AlarmType), description: text(el.AlarmDescription) };
  }
  if (root === 'Response' && cmdType === 'Catalog') return { kind: 'catalog', sn, deviceId, sumNum: int(el.SumNum) ?? 0, items: catalogItems(el.DeviceList) };
  return { kind: 'unknown', cmdType, root };
}

function catalogItems(list: unknown): CatalogItem[] {
  if (typeof list !== 'object' || list === null) return [];
  const items = (list as { Item?: unknown }).Item;
  if (!Array.isArray(items)) return [];
  return items.flatMap((raw) => {
    if (typeof raw !== 'object' || raw === null) return [];
    const item = raw as Record<string, unknown>;
    const deviceId = text(item.DeviceID);
    if (!deviceId) return [];
    const status = (text(item.Status) ?? 'ON').toUpperCase();
    return [{ deviceId, name: text(item.Name), online: status !== 'OFF' && status !== 'OFFLINE' }];
  });
}

/** The Catalog query of A.2.4.3 the platform sends a device after it registers. */
export function catalogQuery(sn: number, deviceId: string): string {
  return `<?xml version="1.0" encoding="GB2312"?>\r\n<Query>\r\n<CmdType>Catalog</CmdType>\r\n<SN>${sn}</SN>\r\n<DeviceID>${deviceId}</DeviceID>\r\n</Query>\r\n`;
}
