import type { Fault } from '../faults/fault';
import { formatLocalTime } from '../shared/local-time';
import type { WebhookFormat } from './oncall-rota';

export interface AlertText {
  title: string;
  lines: string[];
}

const LEVEL_NAMES = ['', '一级 level 1', '二级 level 2', '三级 level 3', '四级 level 4'];

/** The dashboard's address of a fault: the page opens its details at `#/faults/<id>`. */
export function faultLink(publicUrl: string | null, faultId: string): string | null {
  return publicUrl ? `${publicUrl.replace(/\/+$/, '')}/#/faults/${encodeURIComponent(faultId)}` : null;
}

/** What a person is told about a fault, the same on every channel; times in the site's zone, named. */
export function alertText(f: Fault, reason: string, siteName: string, link: string | null, timeZone?: string | null): AlertText {
  const what = f.deviceId ? `${f.kind} on ${f.deviceId}` : `${f.kind} at ${siteName}`;
  const lines = [
    `${LEVEL_NAMES[f.level]} · ${what}`,
    `site: ${siteName} (${f.region})`,
    `state: ${f.state}; opened ${formatLocalTime(f.openedAt, timeZone)}`,
    ...(f.affectedCount > 0 ? [`devices affected behind it: ${f.affectedCount}`] : []),
    ...(f.description ? [f.description] : []),
    ...(link ? [link] : []),
  ];
  return { title: `[Vigil] ${reason}: ${what}`, lines };
}

/** The body a webhook gets: plain JSON, or a WeCom / DingTalk group-robot markdown message. */
export function webhookBody(format: WebhookFormat, text: AlertText, f: Fault | null, reason: string): unknown {
  const markdown = [`**${text.title}**`, ...text.lines].join('\n\n');
  switch (format) {
    case 'wecom':
      return { msgtype: 'markdown', markdown: { content: markdown } };
    case 'dingtalk':
      return { msgtype: 'markdown', markdown: { title: text.title, text: markdown } };
    case 'json':
      // another subject (a complaint) says what it is in its title and lines
      if (!f) return { reason, title: text.title, lines: text.lines };
      return {
        reason,
        title: text.title,
        fault: { id: f.id, deviceId: f.deviceId, siteId: f.siteId, kind: f.kind, level: f.level, state: f.state, openedAt: f.openedAt, affectedCount: f.affectedCount },
      };
  }
}
