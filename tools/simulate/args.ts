import { parseArgs } from 'node:util';

export const SIM_CONDITIONS = [
  'disk-failed',
  'disk-warning',
  'channel-not-recording',
  'video-loss',
  'tamper',
  'ptz-fault',
  'port-down',
  'uplink-down',
  'temperature-high',
  'service-down',
  'recording-gap',
  'retention-short',
  'stream-low',
  'vqd-blur',
  'vqd-colour-cast',
  'vqd-noise',
  'vqd-occlusion',
  'vqd-frozen',
  'vqd-signal-loss',
  'vqd-brightness',
  'silent',
  'offline',
] as const;
export type SimCondition = (typeof SIM_CONDITIONS)[number];

export interface SimulateOptions {
  url: string;
  mqtt: string;
  username: string;
  password: string | null;
  devices: number | null;
  generate: boolean;
  intervalSec: number | null;
  faultRate: number;
  inject: { deviceId: string; condition: SimCondition }[];
  durationSec: number | null;
  qos: 0 | 1;
  connections: number;
  /** no logins: the platform runs with VIGIL_MQTT_AUTH=off (a lab switch) */
  lab: boolean;
  /** a CSV of device logins (deviceId,username,password) from POST /api/devices/mqtt-secrets, instead of issuing new ones */
  secretsFile: string | null;
  /** IANA zone of the simulated sites' day: recorders report what they recorded since its midnight */
  zone: string;
}

export class SimulateArgsError extends Error {}

export const USAGE = `npm run simulate -- [options]
  --url URL            platform address (default VIGIL_PUBLIC_URL, else http://127.0.0.1:$PORT, PORT defaulting to 3000)
  --mqtt URL           broker address (default MQTT_URL without its login, else mqtt://127.0.0.1:$MQTT_PORT, MQTT_PORT
                       defaulting to 1883)
  --username NAME      (default admin)   --password PW (default $VIGIL_ADMIN_PASSWORD)
  --devices N          simulate N devices of the register (default: every heartbeat device)
  --generate           register N devices of its own first (site SIM, ids sim-<type>-<n>)
  --interval S         seconds between heartbeats (default: each device's own interval)
  --fault-rate R       0..1, chance per heartbeat that a healthy device develops a condition or goes silent
  --inject ID:COND     force a condition on a device once every device has reported (repeatable); COND is one of
                       ${SIM_CONDITIONS.join(', ')}
  --duration S         stop after S seconds (default: until Ctrl-C)
  --qos 0|1            (default 1)
  --zone ZONE          IANA time zone of the recorders' day (default Asia/Shanghai): each DVR/NVR channel reports the
                       seconds recorded since that midnight, its oldest recording and its stream; cameras their stream
                       and, every tenth heartbeat or when it changes, a video-quality (VQD) report on .../vqd
  Each device logs in to the broker as itself: the simulator issues (rotates) the simulated devices' secrets in bulk
  over REST and opens one MQTT connection per device, unless:
  --secrets FILE       use the logins in FILE (the CSV POST /api/devices/mqtt-secrets answers) instead
  --lab                no logins, for a platform started with VIGIL_MQTT_AUTH=off (the lab switch);
                       --connections K spreads the devices over K anonymous connections (default 1)`;

function number(name: string, raw: string | undefined, min: number, max: number, integer: boolean): number | null {
  if (raw === undefined) return null;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new SimulateArgsError(`--${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max} (got "${raw}")`);
  }
  return n;
}

/** MQTT_URL may carry the platform's own broker login: the simulated devices log in as themselves, never as the platform. */
function withoutLogin(raw: string): string {
  try {
    const url = new URL(raw);
    if (!url.username && !url.password) return raw;
    Object.assign(url, { username: '', password: '' });
    return url.toString().replace(/\/$/, '');
  } catch {
    return raw;
  }
}

/** Reads the command line; a wrong option is one SimulateArgsError naming it and what is allowed. */
export function parseSimulateArgs(argv: string[], env: Record<string, string | undefined> = {}): SimulateOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        mqtt: { type: 'string' },
        username: { type: 'string' },
        password: { type: 'string' },
        devices: { type: 'string' },
        generate: { type: 'boolean' },
        interval: { type: 'string' },
        'fault-rate': { type: 'string' },
        inject: { type: 'string', multiple: true },
        duration: { type: 'string' },
        qos: { type: 'string' },
        connections: { type: 'string' },
        lab: { type: 'boolean' },
        secrets: { type: 'string' },
        zone: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    throw new SimulateArgsError((err as Error).message);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  // the same variables the platform was started with point at it by default
  const url = v.url ?? (env.VIGIL_PUBLIC_URL || `http://127.0.0.1:${env.PORT || '3000'}`);
  if (!/^https?:\/\/[^\s/]+/.test(url)) throw new SimulateArgsError(`--url must be an http(s) address (got "${url}")`);
  const mqtt = v.mqtt ?? (env.MQTT_URL ? withoutLogin(env.MQTT_URL) : `mqtt://127.0.0.1:${env.MQTT_PORT || '1883'}`);
  if (!/^(mqtts?|wss?|tcp):\/\/[^\s/]+/.test(mqtt)) throw new SimulateArgsError(`--mqtt must be a broker address like mqtt://127.0.0.1:1883 (got "${mqtt}")`);
  const devices = number('devices', v.devices, 1, 1_000_000, true);
  if (v.generate && devices === null) throw new SimulateArgsError('--generate needs --devices N');
  const inject = (v.inject ?? []).map((spec) => {
    const i = spec.lastIndexOf(':');
    const [deviceId, condition] = [spec.slice(0, i), spec.slice(i + 1)];
    if (i <= 0 || !(SIM_CONDITIONS as readonly string[]).includes(condition)) {
      throw new SimulateArgsError(`--inject must be DEVICE:CONDITION with CONDITION one of ${SIM_CONDITIONS.join(', ')} (got "${spec}")`);
    }
    return { deviceId, condition: condition as SimCondition };
  });
  const qos = number('qos', v.qos, 0, 1, true) ?? 1;
  if (v.lab && v.secrets) throw new SimulateArgsError('--lab and --secrets exclude each other (--lab: no logins at all)');
  if (v.connections !== undefined && !v.lab) throw new SimulateArgsError('--connections needs --lab (with logins each device has a connection of its own)');
  const zone = v.zone ?? 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new SimulateArgsError(`--zone must be an IANA time zone such as Asia/Shanghai (got "${zone}")`);
  }
  return {
    url: url.replace(/\/$/, ''),
    mqtt,
    username: v.username ?? 'admin',
    password: v.password ?? env.VIGIL_ADMIN_PASSWORD ?? null,
    devices,
    generate: v.generate ?? false,
    intervalSec: number('interval', v.interval, 0.1, 86_400, false),
    faultRate: number('fault-rate', v['fault-rate'], 0, 1, false) ?? 0,
    inject,
    durationSec: number('duration', v.duration, 1, 31 * 86_400, false),
    qos: qos as 0 | 1,
    connections: number('connections', v.connections, 1, 64, true) ?? 1,
    lab: v.lab ?? false,
    secretsFile: v.secrets ?? null,
    zone,
  };
}
