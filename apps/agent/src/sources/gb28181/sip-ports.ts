import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

/**
 * The sip package binds its UDP socket and TCP server without an error listener, so a port already taken would crash
 * the agent: try both first and fail start() with a message instead.
 */
export async function assertSipPortFree(port: number, host: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const udp = createSocket('udp4');
    udp.once('error', (e) => {
      udp.close();
      reject(new Error(`SIP port ${port}/udp: ${e.message}`));
    });
    udp.bind(port, host, () => udp.close(() => resolve()));
  });
  await new Promise<void>((resolve, reject) => {
    const tcp = createServer();
    tcp.once('error', (e) => reject(new Error(`SIP port ${port}/tcp: ${e.message}`)));
    tcp.listen(port, host, () => tcp.close(() => resolve()));
  });
}
