/** What an ONVIF event says about a camera's health; motion and anything else: nothing. */
export type CameraEvent = { kind: 'tamper'; source: string; active: boolean } | { kind: 'video-loss'; source: string; active: boolean };

/** Topics by their path without the namespace prefix (tns1:, tt:, …), and the data item that carries the state. */
const TOPICS: Record<string, { kind: CameraEvent['kind']; items: string[] }> = {
  'VideoSource/GlobalSceneChange/ImagingService': { kind: 'tamper', items: ['State'] },
  'VideoSource/GlobalSceneChange/AnalyticsService': { kind: 'tamper', items: ['State'] },
  'RuleEngine/TamperDetector/Tamper': { kind: 'tamper', items: ['IsTamper', 'State'] },
  'VideoSource/SignalLoss': { kind: 'video-loss', items: ['State'] },
};

/**
 * A PullMessages notification (as the onvif package parses it: `{topic: {_: 'tns1:…'}, message: {message: {source, data}}}`)
 * mapped to a camera event, or null when it is not one we watch or does not say its state.
 */
export function cameraEventOf(notification: unknown): CameraEvent | null {
  const topic = textOf(get(notification, 'topic'));
  if (!topic) return null;
  const path = topic
    .split('/')
    .map((part) => part.replace(/^[^:]*:/, ''))
    .join('/');
  const rule = TOPICS[path];
  if (!rule) return null;
  const message = get(get(notification, 'message'), 'message');
  const data = items(get(message, 'data'));
  const state = rule.items.map((n) => data.get(n)).find((v) => v !== undefined);
  const active = state === true || state === 'true' || state === 1 ? true : state === false || state === 'false' || state === 0 ? false : null;
  if (active === null) return null;
  const source = items(get(message, 'source'));
  const token = [...source.values()][0];
  return { kind: rule.kind, source: token === undefined ? '' : String(token), active };
}

/** The camera's health from what is active now, per video source. */
export function cameraHealth(tampered: ReadonlySet<string>, videoLost: ReadonlySet<string>): { video: 'ok' | 'lost'; tamper: boolean } {
  return { video: videoLost.size > 0 ? 'lost' : 'ok', tamper: tampered.size > 0 };
}

function get(o: unknown, key: string): unknown {
  if (typeof o !== 'object' || o === null) return undefined;
  const rec = o as Record<string, unknown>;
  const found = Object.keys(rec).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : rec[found];
}

function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  const t = get(v, '_');
  return typeof t === 'string' ? t : undefined;
}

/** SimpleItem Name → Value of a `source` or `data` element (one item or a list). */
function items(part: unknown): Map<string, unknown> {
  const raw = get(part, 'simpleItem');
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const out = new Map<string, unknown>();
  for (const item of list) {
    const attrs = get(item, '$');
    const name = get(attrs, 'Name');
    if (typeof name === 'string') out.set(name, get(attrs, 'Value'));
  }
  return out;
}
