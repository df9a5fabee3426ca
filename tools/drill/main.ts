import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import { DrillBroker, DrillDatabase, DrillRabbit, freePort, sleep, until } from './services';

/**
 * `npm run drill`: a multi-process install on one machine (2 console, 2 scheduler, ingest active + standby, a Mosquitto and a
 * PostgreSQL of the drill's own) under a heartbeat load; each process is killed (SIGKILL) and started again in turn, then the
 * broker and the database are restarted. Scripted faults (video lost before a kill, back after it) and a silenced group of
 * devices straddle the kills; afterwards the drill checks from the database that no state change or fault was lost or doubled,
 * that no device that kept reporting went offline, and that each browser socket saw every fault; it prints the figures.
 *
 * DRILL_BROKER=rabbitmq: partitioned ingest instead (README "Partitioned ingest"): this machine's RabbitMQ (MQTT on
 * DRILL_RABBITMQ_MQTT_PORT, 1884; AMQP on DRILL_RABBITMQ_AMQP_PORT, 5672) in a vhost of the drill's own, devices and
 * processes on its MQTT listener, two ingest processes at once (INGEST_SOURCE=amqp, preferred partitions split), each
 * killed in turn while the other takes its partitions over; the broker is restarted with stop_app/start_app.
 *
 * DRILL_DEVICES (default 10000), DRILL_INTERVAL_SEC (10), DRILL_KEEP=1 keeps the directory with the processes' logs.
 */
const DEVICES = Number(process.env.DRILL_DEVICES ?? 10_000);
const INTERVAL_SEC = Number(process.env.DRILL_INTERVAL_SEC ?? 10);
const SILENT = 20;
const RABBIT = process.env.DRILL_BROKER === 'rabbitmq';
const PARTITIONS = 8;
const ADMIN_PASSWORD = 'drill-admin-password-7f3k';
const root = resolve(__dirname, '../../..');

class VigilProcess {
  child: ChildProcess | null = null;
  constructor(
    readonly name: string,
    private readonly app: 'console' | 'ingest' | 'scheduler',
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly logDir: string,
  ) {}

  start(): void {
    const log = createWriteStream(join(this.logDir, `${this.name}.log`), { flags: 'a' });
    this.child = spawn(process.execPath, [join(root, `dist/apps/${this.app}/src/main.js`)], {
      env: { ...process.env, ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.pipe(log);
    this.child.stderr!.pipe(log);
  }

  async healthy(): Promise<boolean> {
    const res = await fetch(`http://127.0.0.1:${this.port}/health`).catch(() => null);
    return res?.status === 200;
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise((done) => (child.once('exit', done), child.kill(signal)));
  }
}

/** One browser on one console: every fault it was told of, by event or by snapshot. */
class Browser {
  readonly opened = new Map<string, number>();
  readonly cleared = new Set<string>();
  readonly inSnapshot = new Set<string>();
  /** When each snapshot came, and the open faults it listed. */
  readonly snapshots: { at: number; ids: Set<string> }[] = [];
  readonly socket: Socket;
  constructor(url: string, token: string) {
    this.socket = io(`${url}/dashboard`, { auth: { token }, transports: ['websocket'], reconnectionDelay: 500, reconnectionDelayMax: 1000 });
    const seen = (type: string, id: string) => {
      if (type === 'opened') this.opened.set(id, (this.opened.get(id) ?? 0) + 1);
      if (type === 'cleared') this.cleared.add(id);
    };
    for (const type of ['opened', 'updated', 'cleared']) this.socket.on(`fault.${type}`, (f: { id: string }) => seen(type, f.id));
    this.socket.on('fault.batch', (b: { events: { type: string; fault: { id: string } }[] }) => b.events.forEach((e) => seen(e.type, e.fault.id)));
    this.socket.on('snapshot', (s: { faults: { id: string }[] }) => {
      this.snapshots.push({ at: Date.now(), ids: new Set(s.faults.map((f) => f.id)) });
      s.faults.forEach((f) => this.inSnapshot.add(f.id));
    });
  }
}

async function api<T>(base: string, token: string, method: string, path: string, body?: unknown, type = 'application/json'): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': type },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Heartbeats for every device on its interval, spread over it; a device's video state and silence are the drill's to set. */
class Load {
  sent = 0;
  readonly video = new Map<string, 'ok' | 'lost'>();
  readonly muted = new Set<string>();
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;
  constructor(
    private readonly client: MqttClient,
    private readonly ids: string[],
  ) {}

  start(): void {
    const tickMs = 100;
    const perTick = Math.ceil(this.ids.length / ((INTERVAL_SEC * 1000) / tickMs));
    let next = 0;
    this.timer = setInterval(() => {
      for (let i = 0; i < perTick; i++, next = (next + 1) % this.ids.length) this.send(this.ids[next]);
    }, tickMs);
  }

  /** At once, outside the schedule (a condition change is sent when it happens). */
  send(id: string): void {
    if (this.muted.has(id)) return;
    this.seq += 1;
    this.sent += 1;
    const payload = JSON.stringify({ ts: new Date().toISOString(), seq: this.seq, health: { video: this.video.get(id) ?? 'ok' } });
    this.client.publish(`vigil/v1/devices/${id}/heartbeat`, payload, { qos: 1 }, () => undefined);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

async function main(): Promise<void> {
  const dir = join(tmpdir(), `vigil-drill-${randomBytes(4).toString('hex')}`);
  mkdirSync(join(dir, 'logs'), { recursive: true });
  const broker = RABBIT ? null : new DrillBroker(await freePort(), join(dir, 'mosquitto'));
  const rabbit = RABBIT ? new DrillRabbit() : null;
  const db = new DrillDatabase(await freePort(), join(dir, 'pg'));
  const processes: VigilProcess[] = [];
  const failures: string[] = [];
  let load: Load | null = null;
  let mqtt: MqttClient | null = null;
  const browsers: Browser[] = [];
  const started = Date.now();
  const line = (text: string) => process.stdout.write(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${text}\n`);
  try {
    await broker?.start();
    await rabbit?.setup();
    await db.init();
    line(`${rabbit ? `rabbitmq vhost ${rabbit.vhost}` : `mosquitto on ${broker!.port}`}, postgresql on ${db.port}, logs in ${dir}/logs`);
    const mqttUrl = rabbit ? rabbit.mqttUrl : broker!.url;
    const env = (clientId: string): Record<string, string> => ({
      DATABASE_URL: db.url,
      MQTT_URL: mqttUrl,
      ...(rabbit ? { MQTT_USERNAME: rabbit.mqttLogin.username, MQTT_PASSWORD: rabbit.mqttLogin.password } : {}),
      MQTT_CLIENT_ID: clientId,
      VIGIL_MQTT_AUTH: 'off',
      VIGIL_ADMIN_PASSWORD: ADMIN_PASSWORD,
      VIGIL_JWT_SECRET: 'drill-jwt-secret-0123456789abcdefghijklmnop',
      VIGIL_DATA_DIR: join(dir, 'data'),
      VIGIL_DEMO: '0',
      VIGIL_INGEST_STALL_SEC: '60',
      LOG_LEVEL: 'warn',
    });
    const spec = [
      ['console-1', 'console'],
      ['console-2', 'console'],
      ['scheduler-1', 'scheduler'],
      ['scheduler-2', 'scheduler'],
      // Mosquitto: an active and a standby ingest, the standby taking over the active one's persistent session (same client
      // id) when it dies; RabbitMQ: both at once, each preferring half the partitions and waiting on the other half
      [RABBIT ? 'ingest-1' : 'ingest-active', 'ingest'],
      [RABBIT ? 'ingest-2' : 'ingest-standby', 'ingest'],
    ] as const;
    const suffix = randomBytes(3).toString('hex');
    for (const [k, [name, app]] of spec.entries()) {
      const own = rabbit
        ? {
            ...env(`drill-${suffix}-${name}`),
            ...(app === 'ingest'
              ? {
                  INGEST_SOURCE: 'amqp',
                  AMQP_URL: rabbit.amqpUrl,
                  INGEST_PARTITIONS: String(PARTITIONS),
                  INGEST_PARTITIONS_PREFERRED: k === 4 ? `0-${PARTITIONS / 2 - 1}` : `${PARTITIONS / 2}-${PARTITIONS - 1}`,
                }
              : {}),
          }
        : env(app === 'ingest' ? 'drill-ingest' : name);
      processes.push(new VigilProcess(name, app, await freePort(), own, join(dir, 'logs')));
    }
    const [c1, c2, s1, s2, ingestActive, ingestStandby] = processes;
    // ingests running from the start: Mosquitto's standby is started only when the active one dies
    const running = RABBIT ? [ingestActive, ingestStandby] : [ingestActive];
    c1.start();
    await until('console-1 healthy (migrations run)', () => c1.healthy(), 120_000);
    for (const p of [c2, s1, s2, ...running]) p.start();
    for (const p of [c2, s1, s2, ...running]) await until(`${p.name} healthy`, () => p.healthy(), 120_000);
    const base = `http://127.0.0.1:${c1.port}`;
    const token = (await api<{ accessToken: string }>(base, '', 'POST', '/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).accessToken;

    // the estate: DEVICES cameras at one site, SILENT of them at a site of their own (they fall silent together)
    const siteIds = [
      (await api<{ id: string }>(base, token, 'POST', '/api/sites', { code: 'DRILL', name: 'Drill 演练', region: 'Qingdao' })).id,
      (await api<{ id: string }>(base, token, 'POST', '/api/sites', { code: 'DRILL-QUIET', name: 'Drill quiet', region: 'Qingdao' })).id,
    ];
    // a monthly patrol plan over both sites: every scheduler generates at its start, so each restart below tries again
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const plan = await api<{ id: string }>(base, token, 'POST', '/api/patrol-plans', { kind: 'monthly', siteIds, startsOn: today });
    const ids = Array.from({ length: DEVICES }, (_, i) => `drill-cam-${i}`);
    const silent = ids.slice(0, SILENT);
    const t0 = Date.now();
    for (let i = 0; i < ids.length; i += 5000) {
      const rows = ids.slice(i, i + 5000).map((id) => `${id},camera,${silent.includes(id) ? 'DRILL-QUIET' : 'DRILL'},${INTERVAL_SEC}`);
      await api(base, token, 'POST', '/api/devices/import', ['id,type,siteCode,heartbeatIntervalSec', ...rows].join('\n'), 'text/csv');
    }
    line(`${DEVICES} devices registered in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    for (const p of running) await p.kill('SIGTERM');
    for (const p of running) {
      // ingest loads the register at start: start it again now that the devices exist
      p.start();
      await until(`${p.name} healthy`, () => p.healthy(), 120_000);
    }
    if (rabbit) await until('every partition consumed', async () => (await rabbit.activePartitions()) === PARTITIONS, 30_000);

    mqtt = await connectAsync(mqttUrl, { clientId: `drill-load-${randomBytes(3).toString('hex')}`, reconnectPeriod: 500, ...(rabbit?.mqttLogin ?? {}) });
    load = new Load(mqtt, ids);
    load.start();
    for (const c of [c1, c2]) browsers.push(new Browser(`http://127.0.0.1:${c.port}`, token));
    const count = async (sql: string, params: unknown[] = []) => {
      const c = new Client({ connectionString: db.url });
      await c.connect();
      try {
        return (await c.query(sql, params)).rows as Record<string, string>[];
      } finally {
        await c.end();
      }
    };
    await until('every device online', async () => Number((await count(`SELECT count(*) AS n FROM devices WHERE status = 'online'`))[0].n) === DEVICES, (INTERVAL_SEC + 60) * 1000);
    const since = new Date().toISOString();
    line(`all ${DEVICES} devices online; the drill starts`);

    // each step: a group of devices loses video, the target dies and comes back, the video comes back
    const victims = ids.slice(SILENT, SILENT + 8 * 5);
    type Step = { name: string; down: () => Promise<void>; up: () => Promise<void>; healthy: () => Promise<boolean> };
    const ingestSteps: Step[] = rabbit
      ? [ingestActive, ingestStandby].map((p) => ({
          name: `${p.name} (other takes over)`,
          down: async () => {
            const t = Date.now();
            await p.kill();
            // the other process, consuming every partition as a standby, is handed this one's at once
            const ms = await until('every partition taken over', async () => (await rabbit.activePartitions()) === PARTITIONS, 30_000);
            line(`${p.name} killed: all ${PARTITIONS} partitions held by the other ${((Date.now() - t) / 1000).toFixed(1)} s later (${ms} ms of polling)`);
          },
          up: async () => p.start(),
          // every partition held (by the other, while this one waits as a standby) and this one healthy
          healthy: async () => (await p.healthy()) && (await rabbit.activePartitions()) === PARTITIONS,
        }))
      : [
          {
            name: 'ingest (standby takes over)',
            down: () => ingestActive.kill(),
            up: async () => ingestStandby.start(),
            healthy: () => ingestStandby.healthy(),
          },
        ];
    const brokerStep: Step = rabbit
      ? {
          name: 'rabbitmq (stop_app/start_app)',
          down: () => rabbit.stop(),
          up: () => rabbit.start(),
          healthy: async () =>
            (await c1.healthy()) && (await c2.healthy()) && (await ingestActive.healthy()) && (await ingestStandby.healthy()) && (await rabbit.activePartitions()) === PARTITIONS,
        }
      : { name: 'mosquitto (restart)', down: () => broker!.stop(), up: () => broker!.start(), healthy: async () => (await c1.healthy()) && (await ingestStandby.healthy()) };
    const steps: Step[] = [
      ...ingestSteps,
      ...[c1, c2, s1, s2].map((p) => ({ name: p.name, down: () => p.kill(), up: async () => p.start(), healthy: () => p.healthy() })),
      brokerStep,
      {
        name: 'postgresql (restart)',
        down: () => db.stop(),
        up: () => db.start(),
        healthy: async () => (await c1.healthy()) && (await s1.healthy()) && (await ingestStandby.healthy()),
      },
    ];
    const figures: string[] = [];
    const offline = async () => Number((await count(`SELECT count(*) AS n FROM devices WHERE status = 'offline' AND id = ANY($1)`, [silent]))[0].n);
    // the site's fault opens only after a hold (the rest of the estate may be going dark too): silent until it is open
    const dark = async () =>
      (await offline()) === SILENT &&
      Number((await count(`SELECT count(*) AS n FROM faults f JOIN sites s ON s.id = f."siteId" WHERE s.code = 'DRILL-QUIET' AND f.state <> 'closed'`))[0].n) > 0;
    const unmute = () => {
      line('the silent devices are offline, their site’s fault open; they report again');
      silent.forEach((id) => (load!.muted.delete(id), load!.send(id)));
    };
    for (const [k, step] of steps.entries()) {
      const group = victims.slice(k * 5, k * 5 + 5);
      if (k === 0) silent.forEach((id) => load!.muted.add(id));
      group.forEach((id) => (load!.video.set(id, 'lost'), load!.send(id)));
      await sleep(2000);
      const t = Date.now();
      await step.down();
      await sleep(3000);
      await step.up();
      const back = await until(`${step.name} healthy again`, step.healthy, 120_000);
      figures.push(`${step.name.padEnd(32)} down 3 s, healthy ${(back / 1000).toFixed(1)} s after its start`);
      line(`${step.name}: killed, started again, healthy after ${(back / 1000).toFixed(1)} s (${((Date.now() - t) / 1000).toFixed(1)} s in all)`);
      group.forEach((id) => (load!.video.set(id, 'ok'), load!.send(id)));
      // the silent group speaks again once it has been seen offline (its window restarts on each ingest takeover)
      if (load.muted.size > 0 && (await dark())) unmute();
      await sleep(3000);
    }
    if (load.muted.size > 0) {
      await until('the silent devices offline and their site’s fault open', dark, (INTERVAL_SEC * 4 + 30) * 1000).catch((err: Error) => failures.push(err.message));
      unmute();
    }
    const used = victims.slice(0, steps.length * 5);
    line('settling');
    await sleep((INTERVAL_SEC * 3 + 10) * 1000);

    // no state change lost or doubled
    // in the order they were written (without ORDER BY a restarted PostgreSQL may return them as its heap has them)
    const events = await count(`SELECT "deviceId", detail FROM device_events WHERE kind = 'status-changed' AND at > $1 ORDER BY id`, [since]);
    const changes = new Map<string, string[]>();
    for (const e of events) changes.set(e.deviceId, [...(changes.get(e.deviceId) ?? []), (JSON.parse(e.detail) as { to: string }).to]);
    for (const id of silent)
      if ((changes.get(id) ?? []).join() !== 'offline,online') failures.push(`${id}: status changes ${JSON.stringify(changes.get(id) ?? [])}, expected offline then online`);
    const allFaults = await count(`SELECT f.id, f."deviceId", f.kind, f.state, f."closedAt", s.code FROM faults f JOIN sites s ON s.id = f."siteId"`);
    const faults = allFaults.filter((f) => f.kind === 'video-loss');
    // the silent site's devices went dark together: one fault for the site (an outage), closed once they were back
    const quiet = allFaults.filter((f) => f.code === 'DRILL-QUIET');
    if (quiet.length !== 1 || quiet[0].state !== 'closed')
      failures.push(`the silent site's faults: ${JSON.stringify(quiet.map((f) => `${f.kind} ${f.state}`))}, expected one closed`);
    const elsewhere = allFaults.filter((f) => f.code !== 'DRILL-QUIET' && f.kind !== 'video-loss');
    if (elsewhere.length > 0) failures.push(`faults nobody caused: ${JSON.stringify(elsewhere.slice(0, 5).map((f) => `${f.kind} ${f.deviceId ?? f.code}`))}`);
    // a device that lost video went degraded and back, once each
    for (const id of used)
      if ((changes.get(id) ?? []).join() !== 'degraded,online') failures.push(`${id}: status changes ${JSON.stringify(changes.get(id) ?? [])}, expected degraded then online`);
    const others = [...changes.keys()].filter((id) => !silent.includes(id) && !used.includes(id));
    if (others.length > 0)
      failures.push(
        `${others.length} devices that kept reporting changed status (e.g. ${others
          .slice(0, 3)
          .map((id) => `${id} ${JSON.stringify(changes.get(id))}`)
          .join(', ')})`,
      );
    for (const id of used) {
      const mine = faults.filter((f) => f.deviceId === id);
      if (mine.length !== 1 || mine[0].state !== 'closed') failures.push(`${id}: video-loss faults ${JSON.stringify(mine.map((f) => f.state))}, expected one closed`);
    }
    const strays = faults.filter((f) => !used.includes(f.deviceId));
    if (strays.length > 0) failures.push(`${strays.length} video-loss faults on devices that never lost video`);
    // patrols: one per site and period of the plan, none lost and none doubled by the schedulers' restarts
    const patrols = await count(`SELECT "siteId", period, count(*) AS n FROM patrols WHERE "planId" = $1 GROUP BY "siteId", period`, [plan.id]);
    for (const siteId of siteIds) {
      const mine = patrols.filter((p) => p.siteId === siteId);
      if (mine.length === 0) failures.push(`no patrol generated for site ${siteId} by plan ${plan.id}`);
      for (const p of mine) if (Number(p.n) !== 1) failures.push(`site ${siteId}, period ${p.period}: ${p.n} patrols, expected one`);
    }
    // every browser saw every fault: by its event or, across its console's restart, by the snapshot it reconnected to
    for (const [b, browser] of browsers.entries()) {
      for (const f of allFaults) {
        if (!browser.opened.has(f.id) && !browser.inSnapshot.has(f.id) && !browser.cleared.has(f.id)) failures.push(`browser ${b + 1} never heard of fault ${f.id}`);
        if ((browser.opened.get(f.id) ?? 0) > 1) failures.push(`browser ${b + 1} was told twice that fault ${f.id} opened`);
        const closedAt = f.closedAt ? new Date(f.closedAt).getTime() : Infinity;
        const toldClosed = browser.cleared.has(f.id) || browser.snapshots.some((s) => s.at > closedAt && !s.ids.has(f.id));
        if (!toldClosed) failures.push(`browser ${b + 1} was never told that fault ${f.id} closed`);
      }
    }
    process.stdout.write(
      [
        '',
        `drill: ${DEVICES} devices @ ${INTERVAL_SEC} s, ${load.sent} heartbeats sent, ${((Date.now() - started) / 1000).toFixed(0)} s in all`,
        ...figures.map((f) => `  ${f}`),
        `  status changes since the start: ${events.length} (expected ${SILENT * 2 + used.length * 2}), video-loss faults: ${faults.length} (expected ${used.length}), the silent site's: ${quiet.map((f) => f.kind).join(', ')} (expected one)`,
        `  patrols of the monthly plan: ${patrols.map((p) => `${p.period} × ${p.n}`).join(', ')} over ${siteIds.length} sites (expected one per site and period)`,
        `  browsers: ${browsers.map((b, i) => `#${i + 1} ${b.opened.size} opened, ${b.cleared.size} cleared, ${b.snapshots.length} snapshots`).join('; ')}`,
        failures.length === 0 ? 'drill passed' : `drill FAILED:\n  ${failures.slice(0, 40).join('\n  ')}`,
        '',
      ].join('\n'),
    );
  } catch (err) {
    failures.push((err as Error).message);
    process.stderr.write(`drill FAILED: ${(err as Error).message}\n`);
  } finally {
    load?.stop();
    browsers.forEach((b) => b.socket.close());
    await mqtt?.endAsync(true).catch(() => undefined);
    for (const p of processes) await p.kill('SIGTERM');
    await broker?.stop().catch(() => undefined);
    await rabbit?.remove().catch((err: Error) => (failures.push(err.message), process.stderr.write(`drill: ${err.message}\n`)));
    await db.stop().catch(() => undefined);
    if (process.env.DRILL_KEEP !== '1' && failures.length === 0) rmSync(dir, { recursive: true, force: true });
    else process.stdout.write(`logs kept in ${dir}/logs\n`);
  }
  process.exit(failures.length === 0 ? 0 : 1);
}

void main();
