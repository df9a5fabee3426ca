import { writeFileSync } from 'node:fs';
import WebSocket from 'ws';

/**
 * A CPU profile of another Node process over its inspector (started with --inspect=host:port), for
 * exactly the window between start and stop: the steady phase alone, without the registration before it.
 */
export class InspectorProfile {
  private nextId = 1;
  private readonly waiting = new Map<number, (result: unknown) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { id?: number; result?: unknown };
      if (msg.id !== undefined) this.waiting.get(msg.id)?.(msg.result);
    });
  }

  static async connect(inspectPort: number): Promise<InspectorProfile> {
    const targets = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as { webSocketDebuggerUrl: string }[];
    const socket = new WebSocket(targets[0].webSocketDebuggerUrl);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new InspectorProfile(socket);
  }

  private send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  async start(samplingIntervalUs = 500): Promise<void> {
    await this.send('Profiler.enable');
    await this.send('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
    await this.send('Profiler.start');
  }

  /** Stops and writes the profile (open it in Chrome DevTools or with `node bench/ingest/profile-summary.js`). */
  async stopTo(file: string): Promise<void> {
    const result = (await this.send('Profiler.stop')) as { profile: unknown };
    writeFileSync(file, JSON.stringify(result.profile));
    this.socket.close();
  }
}
