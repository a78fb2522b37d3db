import { InjectConfig } from '@evently/common';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import type { NotifierServiceConfig } from '../config/notifier-service.config';

export interface OutgoingEmail {
  /** Stable per notification, so a resend after a crash is recognisably the same message. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  ics: string | null;
}

/** SMTP through nodemailer (pooled connections, bounded timeouts); the server is configuration. */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(@InjectConfig() private readonly config: NotifierServiceConfig) {
    this.transport = nodemailer.createTransport({
      host: config.SMTP_HOST,
      port: config.SMTP_PORT,
      secure: config.SMTP_SECURE,
      ...(config.SMTP_USER ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASSWORD } } : {}),
      pool: true,
      maxConnections: 3,
      connectionTimeout: 5000,
      greetingTimeout: 5000,
      socketTimeout: 10000,
    });
  }

  async send(email: OutgoingEmail): Promise<void> {
    await this.transport.sendMail({
      from: this.config.MAIL_FROM,
      to: email.to,
      subject: email.subject,
      text: email.text,
      html: email.html,
      messageId: email.messageId,
      // A calendar message (iTIP) as calendar clients expect it: a text/calendar alternative whose `method`
      // matches the file's METHOD (REQUEST adds or updates, CANCEL removes), plus the file as invite.ics.
      ...(email.ics
        ? { icalEvent: { filename: 'invite.ics', method: methodOf(email.ics), content: email.ics } }
        : {}),
    });
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}

/** The METHOD of an iCalendar file (REQUEST, CANCEL, PUBLISH). */
const methodOf = (ics: string): string => /^METHOD:([A-Z-]+)\r?$/m.exec(ics)?.[1] ?? 'PUBLISH';
