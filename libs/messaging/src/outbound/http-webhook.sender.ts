import { Injectable } from '@nestjs/common';
import { WebhookSender } from '@vigil/application';

const TIMEOUT_MS = 5000;

/** A JSON POST with a timeout, so one dead endpoint cannot hold the alerts of others. */
@Injectable()
export class HttpWebhookSender extends WebhookSender {
  async post(url: string, body: unknown): Promise<number> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    await res.arrayBuffer();
    return res.status;
  }
}
