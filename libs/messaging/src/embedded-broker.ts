import { createServer, type Server } from 'node:net';
import type { Aedes, AedesOptions } from 'aedes';
import { writeOncePerTurn } from './write-once-per-turn';

export class BrokerPortInUseError extends Error {
  constructor(port: number) {
    super(`MQTT_PORT ${port} is already in use, probably by another MQTT broker. ` + `Use that broker with MQTT_URL=mqtt://127.0.0.1:${port}, or choose a free MQTT_PORT.`);
  }
}

/** The in-process aedes broker used when MQTT_URL is unset. */
export class EmbeddedBroker {
  private server: Server | null = null;
  private broker: Aedes | null = null;
  port = 0;

  /** hooks: who may connect, publish, subscribe and receive (the gatekeeper); none: anyone, anything. */
  constructor(
    private readonly host = '127.0.0.1',
    private readonly hooks: AedesOptions = {},
  ) {}

  async start(port: number): Promise<void> {
    // aedes is ESM-only; Node >= 20.19 loads it through require() (an import() would stay a real import under jest)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Aedes: AedesClass } = require('aedes') as typeof import('aedes');
    const broker = await AedesClass.createBroker(this.hooks);
    // every acknowledgement a device is owed for one socket read goes out in one write
    const server = createServer((socket) => {
      writeOncePerTurn(socket);
      broker.handle(socket);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new BrokerPortInUseError(port) : err));
        server.listen(port, this.host, () => resolve());
      });
    } catch (err) {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      throw err;
    }
    this.broker = broker;
    this.server = server;
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : port;
  }

  get url(): string {
    const host = this.host === '0.0.0.0' || this.host === '::' ? '127.0.0.1' : this.host.includes(':') ? `[${this.host}]` : this.host;
    return `mqtt://${host}:${this.port}`;
  }

  get clientCount(): number {
    return this.broker?.connectedClients ?? 0;
  }

  async stop(): Promise<void> {
    const broker = this.broker;
    const server = this.server;
    this.broker = null;
    this.server = null;
    if (broker) await new Promise<void>((resolve) => broker.close(() => resolve()));
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
