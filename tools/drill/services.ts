import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<number> {
  const start = Date.now();
  while (!(await check().catch(() => false))) {
    if (Date.now() - start > timeoutMs) throw new Error(`drill: ${what} not within ${timeoutMs / 1000} s`);
    await sleep(200);
  }
  return Date.now() - start;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A Mosquitto of the drill's own (anonymous clients, persistence on), so restarting it disturbs nobody else. */
export class DrillBroker {
  private child: ChildProcess | null = null;
  constructor(
    readonly port: number,
    private readonly dir: string,
  ) {
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o777);
    writeFileSync(
      join(dir, 'mosquitto.conf'),
      [
        `listener ${port} 127.0.0.1`,
        'allow_anonymous true',
        'persistence true',
        `persistence_location ${dir}/`,
        'max_queued_messages 1000000',
        'max_inflight_messages 1000',
        'user root',
        '',
      ].join('\n'),
    );
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn('mosquitto', ['-c', join(this.dir, 'mosquitto.conf')], { stdio: 'ignore' });
    await until('mosquitto listening', () => portOpen(this.port), 15_000);
  }

  /** SIGTERM: Mosquitto writes its persistence file and stops, as a service restart does. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    await new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM')));
  }
}

/** A PostgreSQL cluster of the drill's own (initdb under the postgres user when run as root), so it can be restarted. */
export class DrillDatabase {
  constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/vigil`;
  }

  private run(cmd: string, args: string[]): void {
    const asRoot = process.getuid?.() === 0;
    const r = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' }) : spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`drill: ${cmd} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  }

  async init(): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    if (process.getuid?.() === 0) spawnSync('chown', ['postgres', this.dir]);
    this.run('initdb', ['-D', this.dir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    await this.start();
    this.run('createdb', ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', 'vigil']);
  }

  async start(): Promise<void> {
    this.run('pg_ctl', ['-D', this.dir, '-l', join(this.dir, 'log'), '-w', '-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
    await until('postgres listening', () => portOpen(this.port), 30_000);
  }

  /** A fast shutdown (clients cut off), as a service restart does. */
  async stop(): Promise<void> {
    this.run('pg_ctl', ['-D', this.dir, '-m', 'fast', '-w', 'stop']);
  }
}

/**
 * RabbitMQ mode: this machine's RabbitMQ (MQTT listener and the consistent-hash exchange plugin enabled), shared with others,
 * so the drill works in a vhost of its own (created at start, deleted at the end) and logs in as guest in it: MQTT clients
 * give the vhost in their user name (`vhost:guest`), the internal backend checks it, nothing of the broker's configuration
 * changes. A restart is `rabbitmqctl stop_app` + `start_app` (the node and its definitions stay).
 */
export class DrillRabbit {
  readonly vhost = `vigil-drill-${randomBytes(4).toString('hex')}`;
  constructor(
    readonly mqttPort = Number(process.env.DRILL_RABBITMQ_MQTT_PORT ?? 1884),
    readonly amqpPort = Number(process.env.DRILL_RABBITMQ_AMQP_PORT ?? 5672),
  ) {}

  get mqttUrl(): string {
    return `mqtt://127.0.0.1:${this.mqttPort}`;
  }

  /** The MQTT login, the vhost given in the user name. */
  get mqttLogin(): { username: string; password: string } {
    return { username: `${this.vhost}:guest`, password: 'guest' };
  }

  get amqpUrl(): string {
    return `amqp://guest:guest@127.0.0.1:${this.amqpPort}/${encodeURIComponent(this.vhost)}`;
  }

  ctl(...args: string[]): string {
    const r = spawnSync('rabbitmqctl', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`drill: rabbitmqctl ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
    return r.stdout;
  }

  async setup(): Promise<void> {
    this.ctl('add_vhost', this.vhost);
    this.ctl('set_permissions', '-p', this.vhost, 'guest', '.*', '.*', '.*');
    await until('rabbitmq listening', async () => (await portOpen(this.mqttPort)) && (await portOpen(this.amqpPort)), 15_000);
  }

  async start(): Promise<void> {
    this.ctl('start_app');
    await until('rabbitmq listening', async () => (await portOpen(this.mqttPort)) && (await portOpen(this.amqpPort)), 60_000);
  }

  async stop(): Promise<void> {
    this.ctl('stop_app');
  }

  /** Partition queues of the drill's vhost that have an active (single active) consumer; asynchronous, so the load goes on. */
  async activePartitions(): Promise<number> {
    const out = await new Promise<string>((resolve, reject) =>
      execFile('rabbitmqctl', ['list_consumers', '-q', '-p', this.vhost, 'queue_name', 'active'], { encoding: 'utf8' }, (err, stdout) => (err ? reject(err) : resolve(stdout))),
    );
    const rows = out.split('\n');
    return new Set(
      rows
        .map((r) => r.split('\t'))
        .filter(([q, active]) => q?.startsWith('vigil.ingest.p') && active === 'true')
        .map(([q]) => q),
    ).size;
  }

  /** Leaves the broker as found: running, without the drill's vhost. */
  async remove(): Promise<void> {
    if (!(await portOpen(this.amqpPort))) await this.start();
    this.ctl('delete_vhost', this.vhost);
  }
}
