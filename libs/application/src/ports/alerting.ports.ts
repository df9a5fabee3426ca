import type { MaintenanceWindow, OnCallRota } from '@vigil/domain';

export interface NotificationRecord {
  faultId: string;
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
