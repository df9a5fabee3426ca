import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Client } from 'pg';
import { sleep } from './stats';

const TICKS_PER_SEC = 100;

/** CPU seconds (user + system) of a process from /proc, or null once it is gone. */
export function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SEC;
  } catch {
    return null;
  }
}

/**
 * PostgreSQL's CPU spent for one database: its backends (connections, autovacuum workers) found in
 * pg_stat_activity every second, each one's CPU counted from when it was first seen. The shared
 * background processes (WAL writer, checkpointer, background writer) are counted apart: on a machine
 * where others use the same server they are an upper bound.
 */
export class PostgresCpu {
  private readonly seen = new Map<number, { first: number; last: number }>();
  private shared = new Map<number, { first: number; last: number }>();
  private timer: NodeJS.Timeout | null = null;
  private client: Client | null = null;

  constructor(
    private readonly url: string,
    private readonly database: string,
  ) {}

  async start(): Promise<void> {
    this.client = new Client({ connectionString: this.url });
    await this.client.connect();
    await this.poll();
    this.timer = setInterval(() => void this.poll().catch(() => undefined), 1000);
  }

  private async poll(): Promise<void> {
    if (!this.client) return;
    const { rows } = await this.client.query<{ pid: number; datname: string | null; backend_type: string }>(
      `SELECT pid, datname, backend_type FROM pg_stat_activity WHERE datname = $1 OR backend_type IN ('walwriter', 'checkpointer', 'background writer')`,
      [this.database],
    );
    for (const r of rows) {
      const into = r.datname === this.database ? this.seen : this.shared;
      const cpu = cpuSecondsOf(r.pid);
      if (cpu === null) continue;
      const known = into.get(r.pid);
      if (known) known.last = cpu;
      else into.set(r.pid, { first: cpu, last: cpu });
    }
  }

  /** Refreshes now, then answers CPU seconds so far (backends of the database, shared background processes). */
  async cpuSeconds(): Promise<{ backends: number; shared: number }> {
    await this.poll();
    const sum = (m: Map<number, { first: number; last: number }>) => [...m.values()].reduce((s, v) => s + v.last - v.first, 0);
    return { backends: sum(this.seen), shared: sum(this.shared) };
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }
}

/** A Mosquitto of the bench's own on a free port, so its CPU is the bench's alone. */
export class OwnMosquitto {
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(port: number): Promise<OwnMosquitto> {
    const conf = `/tmp/vigil-bench-mosquitto-${process.pid}.conf`;
    writeFileSync(conf, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'max_queued_messages 200000', 'log_dest none', ''].join('\n'));
    const child = spawn('mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'inherit'] });
    await sleep(500);
    if (child.exitCode !== null) throw new Error(`mosquitto exited with ${child.exitCode}`);
    return new OwnMosquitto(child, `mqtt://127.0.0.1:${port}`);
  }

  /** On a free port: a few random ones are tried, as another process may hold the first. */
  static async startOnSomePort(): Promise<OwnMosquitto> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await OwnMosquitto.start(41_000 + Math.floor(Math.random() * 8000));
      } catch (err) {
        if (attempt === 5) throw err;
      }
    }
  }

  get pid(): number {
    return this.child.pid!;
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
  }
}

/** A CPU hog in its own process: a busy loop taking one core for as long as it runs. */
export function startHog(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
}
