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
      ...(email.ics
        ? {
            attachments: [
              {
                filename: 'invite.ics',
                content: email.ics,
                contentType: 'text/calendar; method=PUBLISH; charset=utf-8',
              },
            ],
          }
        : {}),
    });
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
