import { randomBytes } from 'node:crypto';
import * as sip from 'sip';
import type { AgentDevice } from '@vigil/domain';
import type { HealthSource, SourceSink } from '../health-source';
import type { SourceCounters } from '../source-counters';
import { GbDeviceHealth } from './device-health';
import type { Gb28181ServerConfig } from './gb28181-config';
import { equipmentTypeOf } from './gb-id';
import { catalogQuery, decodeBody, parseManscdp, type ManscdpMessage } from './manscdp';
import { readCredentials, verifyDigest } from './sip-digest';
import { assertSipPortFree } from './sip-ports';

export interface Gb28181SourceOptions extends Gb28181ServerConfig {
  /** How long a digest nonce stays valid; 300 s by default. */
  nonceTtlSec?: number;
  /** Cap on a registration's Expires; 3600 s by default. */
  maxExpiresSec?: number;
  clock?: () => Date;
  counters?: SourceCounters;
}

interface Watched {
  device: AgentDevice;
  health: GbDeviceHealth;
  registration: { remote: sip.SipRemote; expiresAt: number } | null;
}

const MANSCDP = /^application\/manscdp\+xml/i;

/** GB/T 28181-2016 §9.1.2 example: the 200 OK to REGISTER carries the server's time, local, without zone. */
function gbDate(d: Date): string {
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 23);
}

function userOf(address: sip.SipAddress | undefined): string | undefined {
  if (!address) return undefined;
  try {
    return sip.parseUri(address.uri).user;
  } catch {
    return undefined;
  }
}

/**
 * A GB/T 28181 SIP server for the devices it watches: accepts their REGISTER (digest), keepalives and alarms, asks each
 * for its catalog after it registers, and turns all of it into readings. A bad message is answered (4xx) or dropped and
 * counted; nothing a device sends throws out of it.
 */
export function createGb28181Source(options: Gb28181SourceOptions): HealthSource {
  const clock = options.clock ?? (() => new Date());
  const count = (reason: string) => options.counters?.count(`gb28181.${reason}`);
  const holdMs = (options.alarmHoldSec ?? 600) * 1000;
  const nonceTtlMs = (options.nonceTtlSec ?? 300) * 1000;
  const maxExpires = options.maxExpiresSec ?? 3600;
  const watched = new Map<string, Watched>();
  const nonces = new Map<string, number>();
  let stack: sip.SipStack | null = null;
  let sink: SourceSink | null = null;
  let seq = 1;

  const reply = (rq: sip.SipRequest, status: number, reason: string, headers?: Partial<sip.SipHeaders>) =>
    stack?.send(sip.makeResponse(rq, status, reason, headers ? { headers } : undefined));

  const now = () => clock().getTime();

  function emitReading(w: Watched): void {
    const at = clock();
    sink?.reading({ deviceId: w.device.deviceId, at, health: w.health.health(at.getTime()) });
  }

  function challenge(rq: sip.SipRequest): void {
    const nonce = randomBytes(16).toString('hex');
    nonces.set(nonce, now() + nonceTtlMs);
    const auth = { scheme: 'Digest', realm: `"${options.domain}"`, nonce: `"${nonce}"`, algorithm: 'MD5' };
    reply(rq, 401, 'Unauthorized', { 'www-authenticate': [auth] });
  }

  function nonceValid(nonce: string | undefined): boolean {
    for (const [n, until] of nonces) if (until <= now()) nonces.delete(n);
    return nonce !== undefined && nonces.has(nonce);
  }

  function expiresOf(rq: sip.SipRequest): number | null {
    const contact = Array.isArray(rq.headers.contact) ? rq.headers.contact[0] : undefined;
    const raw = rq.headers.expires ?? contact?.params.expires ?? 3600;
    const n = Number(raw);
    return Number.isInteger(n) && n >= 0 ? Math.min(n, maxExpires) : null;
  }

  function onRegister(rq: sip.SipRequest, remote: sip.SipRemote): void {
    const gbId = userOf(rq.headers.from);
    const w = gbId ? watched.get(gbId) : undefined;
    if (!gbId || !w) {
      count('register.unknown-device');
      return reply(rq, 403, 'Forbidden');
    }
    const header = rq.headers.authorization?.find((h) => h.scheme.toLowerCase() === 'digest');
    if (!header) return challenge(rq);
    const creds = readCredentials(header);
    if (!nonceValid(creds.nonce)) return challenge(rq);
    const password = w.device.credentials.password ?? '';
    if (!verifyDigest(rq.method, creds, { username: gbId, realm: options.domain, nonce: creds.nonce ?? '', password })) {
      count('register.auth-failed');
      return reply(rq, 403, 'Forbidden');
    }
    const expires = expiresOf(rq);
    if (expires === null) {
      count('register.bad-expires');
      return reply(rq, 400, 'Bad Request');
    }
    if (expires === 0) {
      w.registration = null;
      w.health.clearAlarms();
      return reply(rq, 200, 'OK', { expires: 0, date: gbDate(clock()) });
    }
    const wasActive = isActive(w);
    w.registration = { remote, expiresAt: now() + expires * 1000 };
    reply(rq, 200, 'OK', { expires, date: gbDate(clock()), contact: rq.headers.contact });
    emitReading(w);
    if (!wasActive) queryCatalog(gbId, remote);
  }

  function isActive(w: Watched): boolean {
    return w.registration !== null && w.registration.expiresAt > now();
  }

  function queryCatalog(gbId: string, remote: sip.SipRemote): void {
    const transport = remote.protocol.toUpperCase() === 'TCP' ? ';transport=tcp' : '';
    const rq: sip.SipRequest = {
      method: 'MESSAGE',
      uri: `sip:${gbId}@${remote.address}:${remote.port}${transport}`,
      headers: {
        to: { uri: `sip:${gbId}@${options.domain}`, params: {} },
        from: { uri: `sip:${options.sipId}@${options.domain}`, params: { tag: randomBytes(6).toString('hex') } },
        'call-id': randomBytes(12).toString('hex'),
        cseq: { method: 'MESSAGE', seq: seq },
        'max-forwards': 70,
        'content-type': 'Application/MANSCDP+xml',
      },
      content: catalogQuery(seq++, gbId),
    };
    stack?.send(rq, (rs) => {
      if (rs.status >= 300) count('catalog.refused');
    });
  }

  function onMessage(rq: sip.SipRequest): void {
    const gbId = userOf(rq.headers.from);
    const w = gbId ? watched.get(gbId) : undefined;
    if (!w || !isActive(w)) {
      count('message.not-registered');
      return reply(rq, 403, 'Forbidden');
    }
    if (!MANSCDP.test(rq.headers['content-type'] ?? '')) {
      count('message.content-type');
      return reply(rq, 415, 'Unsupported Media Type');
    }
    let msg: ManscdpMessage;
    try {
      msg = parseManscdp(decodeBody(rq.content ?? ''));
    } catch {
      count('message.bad-xml');
      return reply(rq, 400, 'Bad Request');
    }
    reply(rq, 200, 'OK');
    apply(w, msg);
    emitReading(w);
  }

  function apply(w: Watched, msg: ManscdpMessage): void {
    if (msg.kind === 'alarm' && !w.health.raiseAlarm(msg.deviceId, msg.method, msg.type, now())) count('alarm.unmapped');
    if (msg.kind === 'catalog') {
      w.health.mergeCatalog(msg.items);
      const found = msg.items.flatMap((item) => {
        const type = equipmentTypeOf(item.deviceId);
        return type && item.deviceId !== w.device.address ? [{ id: item.deviceId, type, name: item.name, parentId: w.device.deviceId }] : [];
      });
      // a camera's catalog lists its own video channel: only a recorder's channels are equipment of their own
      if (found.length > 0 && w.device.type !== 'camera') sink?.discovered(found);
    }
    if (msg.kind === 'unknown') count('message.unsupported');
  }

  function onRequest(rq: sip.SipRequest, remote: sip.SipRemote): void {
    try {
      if (rq.method === 'REGISTER') onRegister(rq, remote);
      else if (rq.method === 'MESSAGE') onMessage(rq);
      else if (rq.method !== 'ACK') {
        count('request.method');
        reply(rq, 405, 'Method Not Allowed');
      }
    } catch {
      count('request.error');
      reply(rq, 500, 'Server Internal Error');
    }
  }

  return {
    protocol: 'gb28181',
    async start(devices, s) {
      if (stack) throw new Error('the GB/T 28181 source is already started');
      sink = s;
      watched.clear();
      for (const device of devices) {
        if (device.protocol !== 'gb28181') continue;
        watched.set(device.address, { device, health: new GbDeviceHealth(device.type, holdMs), registration: null });
      }
      const host = options.host ?? '0.0.0.0';
      await assertSipPortFree(options.port, host);
      stack = sip.create({ port: options.port, address: host, publicAddress: options.publicAddress, logger: { error: () => count('sip.error') } }, onRequest);
    },
    async stop() {
      stack?.destroy();
      stack = null;
      sink = null;
    },
  };
}
