import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  raw: string;
  receivedAt: number;
}

/** A real SMTP server on a free port that keeps every message it is given. */
export async function startMailbox(): Promise<{ url: string; mails: ReceivedMail[]; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8'), receivedAt: Date.now() });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A real HTTP endpoint that keeps every JSON body posted to it, by path. */
export async function startWebhookReceiver(): Promise<{ url: string; posts: { path: string; body: any }[]; close(): Promise<void> }> {
  const posts: { path: string; body: any }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      posts.push({ path: req.url ?? '/', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, posts, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A mail's text as it came off the wire: encoded header words and quoted-printable decoded, base64 parts decoded. */
export function mailText(mail: ReceivedMail): string {
  // bytes as latin1 characters until the end, then read as UTF-8 once
  const bytes = (text: string) => text.replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const headers = mail.raw.replace(/=\?UTF-8\?Q\?([^?]*)\?=\s*/gi, (_m, word: string) => bytes(word.replace(/_/g, ' ')));
  return [
    Buffer.from(bytes(headers.replace(/=\r?\n/g, '')), 'latin1').toString('utf8'),
    ...[...mail.raw.matchAll(/\r?\n\r?\n([A-Za-z0-9+/=\r\n]{40,})/g)].map((m) => Buffer.from(m[1].replace(/\s+/g, ''), 'base64').toString('utf8')),
  ].join('\n');
}
