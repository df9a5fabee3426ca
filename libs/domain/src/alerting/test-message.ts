import { formatLocalTime } from '../shared/local-time';
import type { AlertText } from './alert-message';
import type { OnCallRota, WebhookFormat } from './oncall-rota';

/** A rota's channels may be tested once in this many seconds: enough to try again after fixing an address, too little to spam a group chat. */
export const TEST_MESSAGE_INTERVAL_SEC = 30;

export const TEST_CHANNELS = ['email', 'webhook'] as const;
export type TestChannel = (typeof TEST_CHANNELS)[number];

/** What one recipient of a test message got: `skipped` when the channel cannot reach them (no address, no mail server). */
export interface TestDelivery {
  channel: TestChannel;
  /** The mail address or webhook URL. */
  recipient: string;
  userId: string | null;
  status: 'sent' | 'failed' | 'skipped';
  detail: string | null;
}

/** A test of a rota's channels, in both languages: it says plainly that there is no fault, so nobody goes out for it. */
export function testMessageText(rota: Pick<OnCallRota, 'name'>, sentBy: string, at: Date, timeZone?: string | null): AlertText {
  return {
    title: `[Vigil] 测试消息 Test message: ${rota.name}`,
    lines: [
      '这是一条测试消息，没有故障，无需处理。',
      'This is a test message: there is no fault and nothing to do.',
      `值班表 rota: ${rota.name}`,
      `发送人 sent by: ${sentBy}, ${formatLocalTime(at, timeZone)}`,
    ],
  };
}

/** The body a rota's webhook gets for a test, in its format; the JSON one is marked `test: true` so a receiver can drop it. */
export function testWebhookBody(format: WebhookFormat, text: AlertText, rota: Pick<OnCallRota, 'id' | 'name'>, at: Date): unknown {
  const markdown = [`**${text.title}**`, ...text.lines].join('\n\n');
  switch (format) {
    case 'wecom':
      return { msgtype: 'markdown', markdown: { content: markdown } };
    case 'dingtalk':
      return { msgtype: 'markdown', markdown: { title: text.title, text: markdown } };
    case 'json':
      return { test: true, reason: 'test', title: text.title, lines: text.lines, rota: { id: rota.id, name: rota.name }, at: at.toISOString() };
  }
}
