import { BackgroundLoop, InjectConfig, MetricsService } from '@evently/common';
import { Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import type { NotifierServiceConfig } from '../config/notifier-service.config';
import { ContactRepository } from '../contact/contact.repository';
import { DueEmail, EmailOutboxRepository } from './email-outbox.repository';
import { Mailer } from './mailer';

const CLAIM_BATCH = 10;
/** Between attempts to record a sent email while the database is away. */
const RECORD_RETRY_MS = 250;

/**
 * Delivers pending emails: each instance claims due rows (SKIP LOCKED, with a lease), sends them, and
 * records sent, or the error and the next attempt with a doubling wait. After EMAIL_MAX_ATTEMPTS an email
 * is failed; one bad address never holds back the others. An SMTP outage only delays delivery.
 */
@Injectable()
export class EmailDeliveryService extends BackgroundLoop {
  private readonly logger = new Logger(EmailDeliveryService.name);
  private readonly outcomes: Counter<'outcome'>;

  constructor(
    private readonly emails: EmailOutboxRepository,
    private readonly contacts: ContactRepository,
    private readonly mailer: Mailer,
    @InjectConfig() private readonly config: NotifierServiceConfig,
    metrics: MetricsService,
  ) {
    super({ name: 'email-delivery', intervalMs: config.EMAIL_POLL_INTERVAL_MS, registry: metrics.registry });
    this.outcomes = new Counter({
      name: 'notifier_email_attempts_total',
      help: 'Email delivery attempts by outcome (sent, retry, failed)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
  }

  /** Sends one claimed batch; true when there was one (there may be more). */
  protected async round(): Promise<boolean> {
    const due = await this.emails.claimDue(CLAIM_BATCH, this.config.EMAIL_LEASE_SECONDS);
    if (due.length === 0) return false;
    const addresses = await this.contacts.emailsOf(
      due.filter((e) => !e.toAddress && e.userId).map((e) => e.userId!),
    );
    const claimedAt = Date.now();
    const outcomes = await Promise.all(
      due.map((email) => this.deliver(email, email.toAddress ?? addresses.get(email.userId ?? ''))),
    );
    const delivered = outcomes.filter((o) => 'address' in o);
    // What went is recorded first, and whatever happens to the failures: an email the SMTP server took must
    // never be left claimed, to be sent again when its lease lapses.
    await this.recordSent(delivered, claimedAt + this.config.EMAIL_LEASE_SECONDS * 1000);
    this.outcomes.inc({ outcome: 'sent' }, delivered.length);
    for (const outcome of outcomes) {
      if ('error' in outcome) await this.recordFailure(outcome.email, outcome.error);
    }
    return true;
  }

  /** Sends one email: what to record as sent, or the error to record as a failed attempt. Never throws. */
  private async deliver(
    email: DueEmail,
    address: string | undefined,
  ): Promise<{ id: string; address: string } | { email: DueEmail; error: unknown }> {
    try {
      if (!address) throw new Error('no email address known for the recipient yet');
      await this.mailer.send({
        messageId: `<${email.notificationId ?? email.id}@evently>`,
        to: address,
        subject: email.subject,
        text: email.text,
        html: email.html,
        ics: email.ics,
        ticketCodes: email.ticketCodes,
      });
      return { id: email.id, address };
    } catch (error) {
      return { email, error };
    }
  }

  /**
   * Records that the batch's emails went, in one statement. The SMTP server has them: sending them again
   * would be second emails, so when the database is away just then, this keeps trying (while the claim's
   * lease holds, after which another sender could take them) instead of counting failed attempts that would
   * send them again.
   */
  private async recordSent(sent: { id: string; address: string }[], leaseEnds: number): Promise<void> {
    for (;;) {
      try {
        await this.emails.markSent(sent);
        return;
      } catch (error) {
        if (Date.now() + RECORD_RETRY_MS >= leaseEnds) throw error;
        this.logger.warn(
          `${sent.length} email(s) were sent; recording it failed (${(error as Error).message}), again`,
        );
        await new Promise((resolve) => setTimeout(resolve, RECORD_RETRY_MS));
      }
    }
  }

  /**
   * A failed attempt: the next after a doubling wait, or given up after EMAIL_MAX_ATTEMPTS. When the
   * database cannot take it just then, the claim's lease lapses and the email is tried again then.
   */
  private async recordFailure(email: DueEmail, error: unknown): Promise<void> {
    const attempts = email.attempts + 1;
    const failed = attempts >= this.config.EMAIL_MAX_ATTEMPTS;
    const wait = Math.min(
      this.config.EMAIL_RETRY_MAX_SECONDS,
      this.config.EMAIL_RETRY_BASE_SECONDS * 2 ** (attempts - 1),
    );
    const message = (error as Error).message.slice(0, 1000);
    try {
      await this.emails.markAttemptFailed(email.id, attempts, failed, message, wait);
    } catch (recording) {
      this.logger.warn(
        `Email ${email.id} attempt ${attempts} failed (${message}); recording it failed too ` +
          `(${(recording as Error).message}): it is tried again when its claim lapses`,
      );
      return;
    }
    this.outcomes.inc({ outcome: failed ? 'failed' : 'retry' });
    this.logger.warn(
      `Email ${email.id} attempt ${attempts} failed${failed ? ', giving up' : `, next in ${wait}s`}: ${message}`,
    );
  }
}
