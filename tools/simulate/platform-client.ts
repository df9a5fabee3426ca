import { parseDeviceLogins, type DeviceLogin } from './device-logins';
import type { SimType } from './sim-device';

export interface RegisteredDevice {
  id: string;
  type: string;
  heartbeatIntervalSec: number;
  parentId?: string | null;
}

/** The few REST calls the simulator needs, as an admin would make them. */
export class PlatformClient {
  private token = '';

  constructor(private readonly url: string) {}

  async login(username: string, password: string): Promise<void> {
    const res = await this.call('POST', '/api/auth/login', { username, password }, false);
    this.token = (res.body as { accessToken: string }).accessToken;
  }

  async devices(): Promise<RegisteredDevice[]> {
    return ((await this.call('GET', '/api/devices')).body as { items: RegisteredDevice[] }).items;
  }

  async ensureSite(code: string): Promise<string> {
    const sites = ((await this.call('GET', '/api/sites')).body as { items: { id: string; code: string }[] }).items;
    const found = sites.find((s) => s.code === code);
    if (found) return found.id;
    return ((await this.call('POST', '/api/sites', { code, name: 'Simulator 模拟站点', region: 'Qingdao' })).body as { id: string }).id;
  }

  /** Registers a device; an id already taken is fine (answers false). */
  async register(device: { id: string; type: SimType; siteId: string; heartbeatIntervalSec: number; parentId?: string }): Promise<boolean> {
    const res = await this.call('POST', '/api/devices', device, true, [409]);
    return res.status === 201;
  }

  /** Issues (rotates) the devices' MQTT secrets in bulk: their logins, shown this once. */
  async issueSecrets(deviceIds: string[]): Promise<DeviceLogin[]> {
    const logins: DeviceLogin[] = [];
    for (let i = 0; i < deviceIds.length; i += 5000) {
      const res = await this.call('POST', '/api/devices/mqtt-secrets', { deviceIds: deviceIds.slice(i, i + 5000) });
      logins.push(...parseDeviceLogins(res.body as string));
    }
    return logins;
  }

  private async call(method: string, path: string, body?: unknown, auth = true, accept: number[] = []): Promise<{ status: number; body: unknown }> {
    let res: Response;
    try {
      res = await fetch(`${this.url}${path}`, {
        method,
        body: body === undefined ? undefined : JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${this.token}` } : {}) },
      });
    } catch (err) {
      throw new Error(`cannot reach the platform at ${this.url}: ${(err as Error).message}`, { cause: err });
    }
    const text = await res.text();
    if (!res.ok && !accept.includes(res.status)) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 200)}`);
    const json = res.headers.get('content-type')?.startsWith('application/json');
    return { status: res.status, body: text && json ? JSON.parse(text) : text || null };
  }
}
