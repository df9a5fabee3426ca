import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface AgentStatus {
  health(): Record<string, unknown>;
  metrics(): string;
}

/** GET /health (JSON) and /metrics (Prometheus text) on 127.0.0.1 only: for the site's own monitoring, nothing else. */
export async function startAgentHttp(port: number, status: AgentStatus): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(status.health()));
    } else if (req.method === 'GET' && path === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(status.metrics());
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
