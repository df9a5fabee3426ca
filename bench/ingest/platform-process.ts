import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { sleep, until } from './stats';

export interface PlatformOptions {
  port: number;
  databaseUrl: string;
  mqttUrl: string | null;
  mqttPort: number;
  adminPassword: string;
  extraEnv?: Record<string, string>;
  /** Extra options for node itself, e.g. --cpu-prof. */
  nodeArgs?: string[];
}

/** The real platform (`dist/apps/platform`) as a child process, driven over HTTP as users would. */
export class PlatformProcess {
  private token = '';
  private constructor(
    readonly child: ChildProcess,
    readonly baseUrl: string,
    private readonly password: string,
  ) {}

  static async start(root: string, o: PlatformOptions): Promise<PlatformProcess> {
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      PORT: String(o.port),
      DATABASE_URL: o.databaseUrl,
      MQTT_PORT: String(o.mqttPort),
      VIGIL_ADMIN_PASSWORD: o.adminPassword,
      VIGIL_DEMO: '0',
      LOG_LEVEL: 'warn',
      MQTT_CLIENT_ID: `vigil-bench-${process.pid}-${Date.now()}`,
      // The lab switch, said out loud: the load comes from a few connections publishing for every device, which
      // per-device logins would refuse. What logins cost is paid at CONNECT (one cached lookup and a SHA-256), not per message.
      VIGIL_MQTT_AUTH: 'off',
      ...o.extraEnv,
    };
    delete env.MQTT_URL;
    if (o.mqttUrl) env.MQTT_URL = o.mqttUrl;
    const child = spawn(process.execPath, [...(o.nodeArgs ?? []), '--max-old-space-size=1536', join(root, 'dist/apps/platform/src/main.js')], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const platform = new PlatformProcess(child, `http://127.0.0.1:${o.port}`, o.adminPassword);
    const healthy = await until(
      async () => {
        if (child.exitCode !== null) throw new Error(`platform exited with ${child.exitCode}`);
        return fetch(`${platform.baseUrl}/health`).then(
          (r) => r.ok,
          () => false,
        );
      },
      120_000,
      250,
    );
    if (!healthy) throw new Error('platform did not become healthy within 120 s');
    await platform.login();
    return platform;
  }

  get accessToken(): string {
    return this.token;
  }

  get pid(): number {
    return this.child.pid!;
  }

  private async login(): Promise<void> {
    const res = await fetch(`${this.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: this.password }),
    });
    if (!res.ok) throw new Error(`login failed: ${res.status}`);
    this.token = ((await res.json()) as { accessToken: string }).accessToken;
  }

  async request<T>(method: string, path: string, body?: string, contentType = 'application/json'): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      body,
      headers: { authorization: `Bearer ${this.token}`, ...(body ? { 'content-type': contentType } : {}) },
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
    return (await res.json()) as T;
  }

  device(id: string): Promise<{ status: string; conditions: { kind: string }[]; lastSeenAt: string | null }> {
    return this.request('GET', `/api/devices/${encodeURIComponent(id)}`);
  }

  /** Sum of a Prometheus counter's samples whose labels contain `labelMatch`. */
  async counter(name: string, labelMatch = ''): Promise<number> {
    const text = await (await fetch(`${this.baseUrl}/metrics`)).text();
    let sum = 0;
    for (const line of text.split('\n')) {
      if (line.startsWith(`${name}{`) && line.includes(labelMatch)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
    }
    return sum;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    this.child.kill('SIGTERM');
    const exited = await until(async () => this.child.exitCode !== null || this.child.signalCode !== null, 15_000, 100);
    if (!exited) this.child.kill('SIGKILL');
    await sleep(200);
  }
}
