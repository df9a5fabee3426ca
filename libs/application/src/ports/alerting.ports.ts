import type { AlertSubjectKind, MaintenanceWindow, OnCallRota, QueuedAlert } from '@vigil/domain';

export interface NotificationRecord {
  /** The fault's id; for another subject (`subject`), that subject's id. */
  faultId: string;
  /** Left out for faults; `feedback` for a complaint's escalation. */
  subject?: AlertSubjectKind;
  at: Date;
  reason: string;
  step: number;
  channel: 'dashboard' | 'email' | 'webhook';
  recipient: string;
  status: 'sent' | 'failed' | 'muted';
  detail: string | null;
}

export abstract class NotificationLog {
  abstract record(entries: NotificationRecord[]): Promise<void>;
  abstract forFault(faultId: string): Promise<NotificationRecord[]>;
  /** The messages about another subject than a fault (a complaint), oldest first. */
  abstract forSubject(subject: AlertSubjectKind, id: string): Promise<NotificationRecord[]>;
  /** Messages sent since an instant, per recipient and channel (a digest's lines about several faults count once). */
  abstract volumeSince(since: Date): Promise<{ recipient: string; channel: NotificationRecord['channel']; messages: number }[]>;
}

export type StoredAlert = QueuedAlert & { id: number; recipient: string };

/**
 * The alert budget's durable state: per recipient, when their last message went and what waits for the
 * next one. Call inside a transaction; `lockRecipient` serialises every process working on one recipient.
 */
export abstract class AlertQueue {
  /** Locks the recipient's row (created on first use) and answers when their last message was sent. */
  abstract lockRecipient(recipient: string): Promise<{ lastSentAt: Date | null }>;
  abstract markSent(recipient: string, at: Date): Promise<void>;
  abstract enqueue(recipient: string, alert: QueuedAlert): Promise<void>;
  abstract waiting(recipient: string): Promise<StoredAlert[]>;
  abstract remove(ids: number[]): Promise<void>;
  /** Drops a fault's (or, with `subject`, another subject's) own alerts waiting anywhere (acknowledged or closed); SLA notes stay. */
  abstract dropAlertsOf(faultId: string, subject?: AlertSubjectKind): Promise<void>;
}

export abstract class OnCallRotaRepository {
  abstract list(): Promise<OnCallRota[]>;
  abstract findById(id: string): Promise<OnCallRota | null>;
  abstract save(rota: OnCallRota): Promise<void>;
  abstract delete(id: string): Promise<void>;
}

export abstract class MaintenanceWindowRepository {
  abstract activeAt(at: Date): Promise<MaintenanceWindow[]>;
  abstract list(): Promise<MaintenanceWindow[]>;
  abstract insert(window: MaintenanceWindow): Promise<void>;
  abstract delete(id: string): Promise<void>;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** SMTP, or nothing when no mail server is configured. */
export abstract class Mailer {
  abstract get configured(): boolean;
  abstract send(message: MailMessage): Promise<void>;
}

/** An HTTP POST of a JSON body; answers the status code or throws on network failure. */
export abstract class WebhookSender {
  abstract post(url: string, body: unknown): Promise<number>;
}
