import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '..', 'fixtures', 'onvif');
const fixture = (name: string): string => readFileSync(join(FIXTURES, `${name}.xml`), 'utf8');

/** Actions the fixture answers, by the body's first element name; GetSystemDateAndTime needs no login (ONVIF Core §5.9.4.2). */
const ACTIONS = ['GetSystemDateAndTime', 'GetServices', 'GetCapabilities', 'GetDeviceInformation', 'CreatePullPointSubscription', 'PullMessages', 'Renew', 'Unsubscribe'] as const;
type Action = (typeof ACTIONS)[number];

export type OnvifEventName = 'tamper' | 'signal-loss' | 'motion';

/**
 * An ONVIF device on 127.0.0.1 (a free port) answering SOAP from test/fixtures/onvif: device information, clock, services,
 * a PullPoint subscription whose PullMessages hand out the events the test queues (or answer empty after a short wait,
 * as a camera would at its timeout). Checks the WS-Security UsernameToken digest.
 */
export class OnvifFixture {
  readonly calls: Action[] = [];
  clockSkewSec = 0;
  firmware = 'V5.7.3 build 221014';
  private readonly queued: string[] = [];
  private base = '';

  private constructor(
    private readonly server: Server,
    private readonly username: string,
    private readonly password: string,
  ) {}

  static async start(username = 'admin', password = 'cam-secret'): Promise<OnvifFixture> {
    let self: OnvifFixture | null = null;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => void self!.answer(body).then(([status, xml]) => res.writeHead(status, { 'content-type': 'application/soap+xml; charset=utf-8' }).end(xml)));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    self = new OnvifFixture(server, username, password);
    self.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return self;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The next PullMessages carries this event. */
  emit(name: OnvifEventName, state: boolean): void {
    this.queued.push(fixture(`notification-${name}`).replaceAll('{{STATE}}', String(state)));
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async answer(body: string): Promise<[number, string]> {
    const inBody = body.slice(body.search(/<(\w+:)?Body\b/));
    const action = ACTIONS.find((a) => new RegExp(`<(\\w+:)?${a}\\b`).test(inBody));
    if (!action) return [400, this.fill(fixture('fault-not-authorized'))];
    this.calls.push(action);
    if (action !== 'GetSystemDateAndTime' && !this.authorized(body)) return [400, this.fill(fixture('fault-not-authorized'))];
    switch (action) {
      case 'GetSystemDateAndTime':
        return [200, this.fill(fixture('get-system-date-and-time'))];
      case 'GetServices':
        return [200, this.fill(fixture('get-services'))];
      case 'GetCapabilities':
        return [200, this.fill(fixture('get-capabilities'))];
      case 'GetDeviceInformation':
        return [200, this.fill(fixture('get-device-information'))];
      case 'CreatePullPointSubscription':
        return [200, this.fill(fixture('create-pull-point-subscription'))];
      case 'PullMessages': {
        if (this.queued.length === 0) await new Promise((resolve) => setTimeout(resolve, 200));
        const messages = this.queued.splice(0).join('\n');
        return [200, this.fill(fixture('pull-messages')).replace('{{MESSAGES}}', messages.replaceAll('{{NOW}}', new Date().toISOString()))];
      }
      case 'Renew':
        return [200, this.fill(fixture('renew'))];
      case 'Unsubscribe':
        return [200, this.fill(fixture('unsubscribe'))];
    }
  }

  /** WS-Security UsernameToken: Base64(SHA-1(nonce + created + password)). */
  private authorized(body: string): boolean {
    const user = /<(?:\w+:)?Username>([^<]*)</.exec(body)?.[1];
    const digest = /<(?:\w+:)?Password[^>]*>([^<]*)</.exec(body)?.[1];
    const nonce = /<(?:\w+:)?Nonce[^>]*>([^<]*)</.exec(body)?.[1];
    const created = /<(?:\w+:)?Created[^>]*>([^<]*)</.exec(body)?.[1];
    if (!user || !digest || !nonce || !created || user !== this.username) return false;
    const expected = createHash('sha1')
      .update(Buffer.concat([Buffer.from(nonce, 'base64'), Buffer.from(created), Buffer.from(this.password)]))
      .digest('base64');
    return expected === digest;
  }

  private fill(xml: string): string {
    const device = new Date(Date.now() + this.clockSkewSec * 1000);
    return xml
      .replaceAll('{{BASE}}', this.base)
      .replaceAll('{{FIRMWARE}}', this.firmware)
      .replaceAll('{{NOW}}', new Date().toISOString())
      .replaceAll('{{TERMINATION}}', new Date(Date.now() + 120_000).toISOString())
      .replaceAll('{{YEAR}}', String(device.getUTCFullYear()))
      .replaceAll('{{MONTH}}', String(device.getUTCMonth() + 1))
      .replaceAll('{{DAY}}', String(device.getUTCDate()))
      .replaceAll('{{HOUR}}', String(device.getUTCHours()))
      .replaceAll('{{MINUTE}}', String(device.getUTCMinutes()))
      .replaceAll('{{SECOND}}', String(device.getUTCSeconds()));
  }
}
