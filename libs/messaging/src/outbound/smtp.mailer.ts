import { Inject, Injectable } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { VIGIL_CONFIG, type VigilConfig } from '@vigil/config';
import { Mailer, type MailMessage } from '@vigil/application';

/** Alert mail over SMTP (SMTP_URL); without it, mail is not configured and alerts go to the dashboard and webhooks. */
@Injectable()
export class SmtpMailer extends Mailer {
  private readonly transport: Transporter | null;

  constructor(@Inject(VIGIL_CONFIG) private readonly config: VigilConfig) {
    super();
    this.transport = config.mail.url ? createTransport(config.mail.url) : null;
  }

  get configured(): boolean {
    return this.transport !== null;
  }

  async send(message: MailMessage): Promise<void> {
    if (!this.transport) throw new Error('no SMTP server configured (SMTP_URL)');
    await this.transport.sendMail({ from: this.config.mail.from, to: message.to, subject: message.subject, text: message.text });
  }
}
