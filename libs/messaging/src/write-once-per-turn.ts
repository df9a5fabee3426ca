import type { Writable } from 'node:stream';

const BATCHED = Symbol('writeOncePerTurn');
/** For a subscriber's many acks: packets held at most this long while few are waiting (at low rates each message comes in a read of its own). */
export const ACK_HOLD_MS = 5;
/** With this many waiting they go at the end of the turn: below the broker's in-flight window (Mosquitto: 20). */
export const ACK_HOLD_MAX = 16;

/**
 * mqtt-packet corks the socket for each packet it writes and uncorks it on the next tick: every QoS 1
 * acknowledgement became a write system call of its own. Uncorking once per turn of the event loop
 * instead sends every packet written in that turn (all acknowledgements of one socket read) in one
 * write. With `holdMs` (one socket carrying many acks: the ingest subscription), while fewer than
 * ACK_HOLD_MAX packets wait they wait up to `holdMs` for more: at 1,000 messages a second each comes
 * alone, and a write per message was a third of the process's time. A socket ended or destroyed is uncorked first.
 */
export function writeOncePerTurn(stream: Writable, holdMs = 0): void {
  if (typeof stream.cork !== 'function' || BATCHED in stream) return;
  Object.defineProperty(stream, BATCHED, { value: true });
  const uncork = stream.uncork.bind(stream);
  const end = stream.end.bind(stream) as (...args: unknown[]) => Writable;
  let scheduled: 'turn' | 'held' | null = null;
  let timer: NodeJS.Timeout | null = null;
  stream.end = ((...args: unknown[]) => {
    if (timer) clearTimeout(timer);
    while (stream.writableCorked > 0) uncork();
    return end(...args);
  }) as Writable['end'];
  // a broker refusing a login writes its CONNACK and destroys the socket at once: what waits must go out first
  const destroy = stream.destroy.bind(stream);
  stream.destroy = ((error?: Error) => {
    if (timer) clearTimeout(timer);
    while (stream.writableCorked > 0 && !stream.destroyed) uncork();
    return destroy(error);
  }) as Writable['destroy'];
  stream.uncork = () => {
    if (stream.writableEnded || stream.destroyed) return uncork();
    if (scheduled === 'turn' || (scheduled === 'held' && stream.writableCorked < ACK_HOLD_MAX)) return;
    if (timer) clearTimeout(timer);
    timer = null;
    const flush = () => {
      scheduled = null;
      timer = null;
      while (stream.writableCorked > 0 && !stream.destroyed) uncork();
    };
    if (holdMs <= 0 || stream.writableCorked >= ACK_HOLD_MAX) {
      scheduled = 'turn';
      setImmediate(flush);
    } else {
      scheduled = 'held';
      timer = setTimeout(flush, holdMs);
    }
  };
}

/** mqtt.js logs every packet through `debug`; unless DEBUG asks for it, a no-op costs nothing per packet. */
export const QUIET_MQTT_LOG: { log?: () => void } = /mqttjs/.test(process.env.DEBUG ?? '') ? {} : { log: () => undefined };
