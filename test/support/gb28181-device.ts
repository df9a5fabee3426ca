import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import net, { createServer, type Socket } from 'node:net';
import * as sip from 'sip';
import { signRequest } from 'sip/digest';

/** A port free for both UDP and TCP (SIP listens on both). */
export async function freeSipPort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as { port: number }).port;
        srv.close(() => resolve(p));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const udp = createSocket('udp4');
      udp.once('error', () => resolve(false));
      udp.bind(port, '127.0.0.1', () => udp.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
}

/**
 * A GB/T 28181 device for tests: a real SIP user agent (the same `sip` package) that registers with digest, sends
 * MANSCDP notifications and answers the platform's Catalog query with the body it is given.
 */
export class TestGbDevice {
  private stack: sip.SipStack | null = null;
  private cseq = 1;
  private readonly callId = randomBytes(8).toString('hex');
  private readonly tag = randomBytes(4).toString('hex');
  readonly catalogQueries: string[] = [];
  private readonly sockets: Socket[] = [];

  constructor(
    readonly id: string,
    readonly domain: string,
    private readonly password: string,
    private readonly server: { sipId: string; port: number },
    private readonly catalogBody: (sn: string) => string,
    private readonly transport: 'udp' | 'tcp' = 'udp',
  ) {}

  async start(): Promise<void> {
    const port = await freeSipPort();
    // a hostname of its own: the sip package treats requests to its own host as flow tokens
    const tcp = this.transport === 'tcp';
    this.stack = sip.create({ port, address: '127.0.0.1', publicAddress: 'device.test', tcp, udp: !tcp }, (rq) => this.onRequest(rq));
  }

  stop(): void {
    this.stack?.destroy();
    this.stack = null;
    // the sip package closes its listening socket but not a connection it opened: close ours (the server's end follows)
    for (const socket of this.sockets.splice(0)) socket.destroy();
  }

  /** REGISTER, answering one digest challenge; resolves with the final status. */
  async register(expires = 3600, password = this.password): Promise<number> {
    const first = await this.request(this.registerRequest(expires));
    if (first.status !== 401) return first.status;
    const rq = this.registerRequest(expires);
    signRequest(null, rq, first, { user: this.id, password });
    return (await this.request(rq)).status;
  }

  async notify(body: string, contentType = 'Application/MANSCDP+xml'): Promise<number> {
    return (await this.request(this.messageRequest(body, contentType))).status;
  }

  private onRequest(rq: sip.SipRequest): void {
    if (rq.method !== 'MESSAGE') return;
    this.stack?.send(sip.makeResponse(rq, 200, 'OK'));
    const body = rq.content ?? '';
    if (!/<CmdType>Catalog<\/CmdType>/.test(body)) return;
    this.catalogQueries.push(body);
    const sn = /<SN>(\d+)<\/SN>/.exec(body)?.[1] ?? '0';
    void this.notify(this.catalogBody(sn));
  }

  private request(rq: sip.SipRequest): Promise<sip.SipResponse> {
    return new Promise((resolve) => {
      // watch the connection the sip package opens for this device, to close it at stop()
      const connect = net.connect;
      if (this.transport === 'tcp') {
        net.connect = ((...args: Parameters<typeof net.connect>) => {
          const socket = connect(...args);
          this.sockets.push(socket);
          return socket;
        }) as typeof net.connect;
      }
      try {
        this.stack?.send(rq, (rs) => {
          if (rs.status >= 200) resolve(rs);
        });
      } finally {
        net.connect = connect;
      }
    });
  }

  private base(method: string): sip.SipRequest {
    return {
      method,
      uri: `sip:${this.server.sipId}@127.0.0.1:${this.server.port}${this.transport === 'tcp' ? ';transport=tcp' : ''}`,
      headers: {
        to: { uri: `sip:${method === 'REGISTER' ? this.id : this.server.sipId}@${this.domain}`, params: {} },
        from: { uri: `sip:${this.id}@${this.domain}`, params: { tag: this.tag } },
        'call-id': method === 'REGISTER' ? this.callId : randomBytes(8).toString('hex'),
        cseq: { method, seq: this.cseq++ },
        'max-forwards': 70,
      },
    };
  }

  private registerRequest(expires: number): sip.SipRequest {
    const rq = this.base('REGISTER');
    rq.headers.contact = [{ uri: `sip:${this.id}@127.0.0.1`, params: {} }];
    rq.headers.expires = expires;
    return rq;
  }

  private messageRequest(body: string, contentType: string): sip.SipRequest {
    const rq = this.base('MESSAGE');
    rq.headers['content-type'] = contentType;
    // the sip package writes content as latin1 bytes: hand it the UTF-8 bytes
    rq.content = Buffer.from(body, 'utf8').toString('latin1');
    return rq;
  }
}
