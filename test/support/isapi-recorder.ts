import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/**
 * A Hikvision recorder's ISAPI for tests: node http answering the fixture XML, behind HTTP Digest (qop=auth, as the
 * recorders ask) checked here on its own, not with the agent's code.
 */
export class IsapiRecorder {
  private server: Server | null = null;
  private readonly nonce = randomBytes(12).toString('hex');
  /** path → fixture file name, an XML string (`<…`), or 'hang' (never answer). */
  readonly routes = new Map<string, string>([
    ['/ISAPI/System/deviceInfo', 'device-info.xml'],
    ['/ISAPI/ContentMgmt/Storage/hdd', 'hdd-list.xml'],
    ['/ISAPI/ContentMgmt/record/tracks', 'record-tracks.xml'],
    ['/ISAPI/ContentMgmt/InputProxy/channels/status', 'input-proxy-status.xml'],
    ['/ISAPI/System/Video/inputs/channels', 'video-inputs.xml'],
  ]);
  readonly requests: string[] = [];

  constructor(
    private readonly username: string,
    private readonly password: string,
  ) {}

  async start(): Promise<string> {
    this.server = createServer((rq, rs) => this.answer(rq, rs));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private answer(rq: IncomingMessage, rs: ServerResponse): void {
    this.requests.push(rq.url ?? '');
    if (!this.authorized(rq)) {
      rs.writeHead(401, { 'WWW-Authenticate': `Digest qop="auth", realm="IP Camera(C1234)", nonce="${this.nonce}", stale="FALSE"` }).end();
      return;
    }
    const route = this.routes.get(rq.url ?? '');
    if (route === 'hang') return;
    if (route === undefined) {
      rs.writeHead(404).end();
      return;
    }
    const body = route.startsWith('<') ? route : readFileSync(join(__dirname, '../fixtures/isapi', route), 'utf8');
    rs.writeHead(200, { 'Content-Type': 'application/xml' }).end(body);
  }

  private authorized(rq: IncomingMessage): boolean {
    const header = rq.headers.authorization ?? '';
    if (!header.startsWith('Digest ')) return false;
    const p = Object.fromEntries([...header.matchAll(/(\w+)="?([^",]*)"?/g)].map((m) => [m[1], m[2]]));
    if (p.username !== this.username || p.nonce !== this.nonce || p.uri !== rq.url) return false;
    const ha1 = md5(`${this.username}:${p.realm}:${this.password}`);
    const ha2 = md5(`${rq.method}:${p.uri}`);
    return p.response === md5(`${ha1}:${this.nonce}:${p.nc}:${p.cnonce}:auth:${ha2}`);
  }
}
