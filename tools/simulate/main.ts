import { connectAsync, type MqttClient } from 'mqtt';
import { parseSimulateArgs, SimulateArgsError, USAGE, type SimulateOptions } from './args';
import { readDeviceLogins, type DeviceLogin } from './device-logins';
import { PlatformClient } from './platform-client';
import { applyInjections, evolve, isCutOff, makeSimDevice, nextMessage, vqdMessage, type SimDevice, type SimType } from './sim-device';

const HEARTBEAT_TYPES: readonly string[] = ['dvr', 'nvr', 'camera', 'switch', 'server'];
const TICK_MS = 100;

/** A city-like mix for --generate: per switch one DVR and eight cameras behind it, a server per 200 devices. */
async function generate(client: PlatformClient, n: number, intervalSec: number): Promise<{ id: string; type: SimType; heartbeatIntervalSec: number; parentId: string | null }[]> {
  const siteId = await client.ensureSite('SIM');
  const plan: { id: string; type: SimType; parentId?: string }[] = [];
  for (let i = 0; plan.length < n; i += 1) {
    const sw = `sim-switch-${i}`;
    plan.push({ id: sw, type: 'switch' });
    if (plan.length < n) plan.push({ id: `sim-dvr-${i}`, type: 'dvr', parentId: sw });
    for (let c = 0; c < 8 && plan.length < n; c += 1) plan.push({ id: `sim-camera-${i * 8 + c}`, type: 'camera', parentId: sw });
    if (i % 20 === 19 && plan.length < n) plan.push({ id: `sim-server-${i / 20}`, type: 'server' });
  }
  let created = 0;
  // switches first, so the devices behind them can name them as parent
  for (const layer of [plan.filter((d) => !d.parentId), plan.filter((d) => d.parentId)]) {
    for (let i = 0; i < layer.length; i += 50) {
      const done = await Promise.all(layer.slice(i, i + 50).map((d) => client.register({ ...d, siteId, heartbeatIntervalSec: intervalSec })));
      created += done.filter(Boolean).length;
    }
  }
  process.stderr.write(`registered ${created} new devices at site SIM (${plan.length - created} were there already)\n`);
  return plan.map((d) => ({ id: d.id, type: d.type, heartbeatIntervalSec: intervalSec, parentId: d.parentId ?? null }));
}

async function main(o: SimulateOptions): Promise<void> {
  if (!o.password) throw new SimulateArgsError('--password is required (or set VIGIL_ADMIN_PASSWORD)');
  const api = new PlatformClient(o.url);
  await api.login(o.username, o.password);
  // with --secrets, the devices the file has logins for
  const fileLogins = o.secretsFile ? new Map(readDeviceLogins(o.secretsFile).map((l) => [l.deviceId, l])) : null;
  const registered = o.generate
    ? await generate(api, o.devices!, Math.max(1, Math.round(o.intervalSec ?? 30)))
    : (await api.devices()).filter((d) => HEARTBEAT_TYPES.includes(d.type) && (!fileLogins || fileLogins.has(d.id))).slice(0, o.devices ?? undefined);
  if (registered.length === 0)
    throw new Error(
      fileLogins
        ? 'none of the devices in the --secrets file is a registered heartbeat device'
        : 'no heartbeat devices registered: start the platform with VIGIL_DEMO=1 or use --generate --devices N',
    );
  const devices = registered.map((d) => makeSimDevice(d.id, d.type as SimType, o.intervalSec ?? d.heartbeatIntervalSec, Math.random, d.parentId ?? null));
  for (const { deviceId, condition } of o.inject) {
    const d = devices.find((x) => x.id === deviceId);
    if (!d) throw new SimulateArgsError(`--inject names ${deviceId}, which is not among the simulated devices`);
    d.injected = condition;
  }
  const clients = o.lab
    ? await connectAnonymously(o)
    : await connectAsDevices(
        o,
        devices,
        fileLogins ??
          (await issueLogins(
            api,
            devices.map((d) => d.id),
          )),
      );
  await run(o, devices, clients);
}

/** Issues (rotates) the simulated devices' secrets over REST: their logins. */
async function issueLogins(api: PlatformClient, ids: string[]): Promise<Map<string, DeviceLogin>> {
  const logins = await api.issueSecrets(ids);
  process.stderr.write(`issued MQTT secrets for ${logins.length} devices (their old secrets no longer work)\n`);
  return new Map(logins.map((l) => [l.deviceId, l]));
}

async function connectAsDevices(o: SimulateOptions, devices: SimDevice[], logins: Map<string, DeviceLogin>): Promise<Map<string, MqttClient>> {
  const clients = new Map<string, MqttClient>();
  const missing = devices.find((d) => !logins.has(d.id));
  if (missing) throw new SimulateArgsError(`the --secrets file has no login for ${missing.id}`);
  // only the simulated devices: a --secrets file may hold more
  const all = devices.map((d) => logins.get(d.id)!);
  try {
    // a few hundred logins at a time, so a large estate does not open every socket at once
    for (let i = 0; i < all.length; i += 200) {
      const batch = await Promise.all(
        all.slice(i, i + 200).map((l) =>
          connectAsync(o.mqtt, {
            clientId: `vigil-sim-${l.deviceId}`,
            username: l.username,
            password: l.password,
            reconnectPeriod: 1000,
            connectTimeout: 5000,
          }).then((c) => [l.deviceId, c] as const),
        ),
      );
      for (const [id, c] of batch) clients.set(id, c);
    }
  } catch (err) {
    await Promise.all([...clients.values()].map((c) => c.endAsync(true)));
    throw new Error(`cannot log in to the broker at ${o.mqtt}: ${(err as Error).message}`, { cause: err });
  }
  return clients;
}

async function connectAnonymously(o: SimulateOptions): Promise<MqttClient[]> {
  try {
    return await Promise.all(
      Array.from({ length: o.connections }, (_, k) => connectAsync(o.mqtt, { clientId: `vigil-sim-${process.pid}-${k}`, reconnectPeriod: 1000, connectTimeout: 5000 })),
    );
  } catch (err) {
    throw new Error(`cannot reach the broker at ${o.mqtt} without a login (is the platform running with VIGIL_MQTT_AUTH=off?): ${(err as Error).message}`, { cause: err });
  }
}

async function run(o: SimulateOptions, devices: SimDevice[], connections: MqttClient[] | Map<string, MqttClient>): Promise<void> {
  const shared = Array.isArray(connections) ? connections : null;
  let k = 0;
  const clientOf = (id: string) => (shared ? shared[k++ % shared.length] : (connections as Map<string, MqttClient>).get(id)!);
  const clients = shared ?? [...(connections as Map<string, MqttClient>).values()];
  const started = Date.now();
  const stats = { sent: 0, errors: 0, lastSent: 0, lastAt: started };
  // every device gets a fixed slot inside its interval, so the load is spread evenly
  const nextAt = devices.map((d, i) => started + (i / devices.length) * d.intervalSec * 1000);
  const byId = new Map(devices.map((d) => [d.id, d]));
  // injected conditions start once every device has reported once, so the platform knows them all
  const injectAt = started + Math.max(...devices.map((d) => d.intervalSec)) * 1000;
  let injected = false;
  const tick = () => {
    const now = Date.now();
    if (!injected && now >= injectAt) {
      injected = true;
      const n = applyInjections(devices);
      if (n > 0) process.stderr.write(`${Math.round((now - started) / 1000)}s  injected ${n} condition(s)\n`);
    }
    devices.forEach((d, i) => {
      if (nextAt[i] > now) return;
      nextAt[i] += d.intervalSec * 1000;
      // the devices behind a silent switch or DVR fall silent with it (topology)
      if (isCutOff(d, byId)) return;
      const at = new Date(now);
      const messages = [nextMessage(d, at, o.zone), vqdMessage(d, at)];
      evolve(d, o.faultRate, Math.random);
      for (const message of messages) {
        if (!message) continue;
        clientOf(d.id).publish(message.topic, message.payload, { qos: o.qos }, (err) => {
          if (err) stats.errors += 1;
        });
        stats.sent += 1;
      }
    });
  };
  const progress = () => {
    const now = Date.now();
    const rate = ((stats.sent - stats.lastSent) * 1000) / Math.max(1, now - stats.lastAt);
    Object.assign(stats, { lastSent: stats.sent, lastAt: now });
    const faulty = devices.filter((d) => d.condition && d.condition !== 'silent' && d.condition !== 'offline').length;
    const silent = devices.filter((d) => d.condition === 'silent' || d.condition === 'offline').length;
    process.stderr.write(
      `${Math.round((now - started) / 1000)}s  sent ${stats.sent} (${rate.toFixed(0)}/s)  devices ${devices.length}  with a condition ${faulty}  silent ${silent}  errors ${stats.errors}\n`,
    );
  };
  const timers = [setInterval(tick, TICK_MS), setInterval(progress, 5000)];
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
    if (o.durationSec) setTimeout(resolve, o.durationSec * 1000);
  });
  timers.forEach(clearInterval);
  progress();
  await Promise.all(clients.map((c) => c.endAsync()));
  process.stderr.write(`done: ${stats.sent} messages to ${devices.length} devices in ${Math.round((Date.now() - started) / 1000)} s, ${stats.errors} publish errors\n`);
}

let options: SimulateOptions | 'help';
try {
  options = parseSimulateArgs(process.argv.slice(2), process.env);
} catch (err) {
  process.stderr.write(`simulate: ${(err as Error).message}\n`);
  process.exit(2);
}
if (options === 'help') {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
main(options).then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`simulate: ${err.message}\n`);
    process.exit(err instanceof SimulateArgsError ? 2 : 1);
  },
);
