import { InjectConfig, MetricsService } from '@evently/common';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import type { NotifierServiceConfig } from '../config/notifier-service.config';
import { Mailer } from './mailer';

/** An email is claimed for this long while it is being sent; a crashed sender's claim then lapses. */
const LEASE_SECONDS = 60;
const CLAIM_BATCH = 10;

interface DueEmail {
  id: string;
  notification_id: string;
  subject: string;
  text_body: string;
  html_body: string;
  ics: string | null;
  attempts: number;
  address: string | null;
}

/**
 * Delivers pending emails: each instance claims due rows (SKIP LOCKED, with a lease), sends them, and
 * records sent, or the error and the next attempt with a doubling wait. After EMAIL_MAX_ATTEMPTS an email
 * is failed; one bad address never holds back the others. An SMTP outage only delays delivery.
 */
@Injectable()
export class EmailService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EmailService.name);
  private readonly outcomes: Counter<'outcome'>;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly mailer: Mailer,
    @InjectConfig() private readonly config: NotifierServiceConfig,
    metrics: MetricsService,
  ) {
    this.outcomes = new Counter({
      name: 'notifier_email_attempts_total',
      help: 'Email delivery attempts by outcome (sent, retry, failed)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.config.EMAIL_POLL_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.deliverDue()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'Email delivery round failed'))
      .finally(() => (this.running = undefined));
  }

  /** Sends what is due, batch after batch, until nothing is. */
  async deliverDue(): Promise<void> {
    for (;;) {
      const due = await this.claimDue();
      if (due.length === 0) return;
      await Promise.all(due.map((email) => this.deliver(email)));
    }
  }

  private async claimDue(): Promise<DueEmail[]> {
    return this.dataSource.query<DueEmail[]>(
      `WITH claimed AS (
         UPDATE emails SET locked_until = clock_timestamp() + make_interval(secs => $2)
         WHERE id IN (
           SELECT id FROM emails
           WHERE status = 'pending' AND next_attempt_at <= clock_timestamp()
             AND (locked_until IS NULL OR locked_until < clock_timestamp())
           ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING *)
       SELECT c.id, c.notification_id, c.subject, c.text_body, c.html_body, c.ics, c.attempts,
              coalesce(c.to_address, contacts.email) AS address
       FROM claimed c LEFT JOIN contacts ON contacts.user_id = c.user_id`,
      [CLAIM_BATCH, LEASE_SECONDS],
    );
  }

  private async deliver(email: DueEmail): Promise<void> {
    try {
      if (!email.address) throw new Error('no email address known for the recipient yet');
      await this.mailer.send({
        messageId: `<${email.notification_id}@evently>`,
        to: email.address,
        subject: email.subject,
        text: email.text_body,
        html: email.html_body,
        ics: email.ics,
      });
      await this.dataSource.query(
        `UPDATE emails SET status = 'sent', sent_at = clock_timestamp(), attempts = attempts + 1, to_address = $2,
           locked_until = NULL, last_error = NULL WHERE id = $1`,
        [email.id, email.address],
      );
      this.outcomes.inc({ outcome: 'sent' });
    } catch (error) {
      const attempts = email.attempts + 1;
      const failed = attempts >= this.config.EMAIL_MAX_ATTEMPTS;
      const wait = Math.min(
        this.config.EMAIL_RETRY_MAX_SECONDS,
        this.config.EMAIL_RETRY_BASE_SECONDS * 2 ** (attempts - 1),
      );
      const message = (error as Error).message.slice(0, 1000);
      await this.dataSource.query(
        `UPDATE emails SET attempts = $2, status = $3, last_error = $4, locked_until = NULL,
           next_attempt_at = clock_timestamp() + make_interval(secs => $5) WHERE id = $1`,
        [email.id, attempts, failed ? 'failed' : 'pending', message, wait],
      );
      this.outcomes.inc({ outcome: failed ? 'failed' : 'retry' });
      this.logger.warn(
        `Email ${email.id} attempt ${attempts} failed${failed ? ', giving up' : `, next in ${wait}s`}: ${message}`,
      );
    }
  }
}
