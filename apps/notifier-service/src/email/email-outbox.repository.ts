import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

/** An email as rendered for one notification. */
export interface EmailContent {
  subject: string;
  text: string;
  html: string;
  ics?: string | null;
  /** Ticket codes, attached as inline QR images. */
  ticketCodes?: string[] | null;
}

export interface DueEmail {
  id: string;
  /** Null for an email to a guest without an account (`toAddress` is then set). */
  notificationId: string | null;
  userId: string | null;
  toAddress: string | null;
  subject: string;
  text: string;
  html: string;
  ics: string | null;
  ticketCodes: string[] | null;
  attempts: number;
}

interface DueRow {
  id: string;
  notification_id: string | null;
  user_id: string | null;
  to_address: string | null;
  subject: string;
  text_body: string;
  html_body: string;
  ics: string | null;
  ticket_codes: string[] | null;
  attempts: number;
}

/**
 * The only reader and writer of `emails`: one row per notification to send (or per guest email), with its
 * delivery state.
 */
@Injectable()
export class EmailOutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Enqueues one email for each (notification, recipient) in the caller's transaction; delivery happens
   * later, with retries (EmailDeliveryService).
   */
  async enqueue(
    manager: EntityManager,
    recipients: { notificationId: string; userId: string }[],
    email: EmailContent,
  ): Promise<void> {
    if (recipients.length === 0) return;
    await manager.query(
      `INSERT INTO emails (id, notification_id, user_id, subject, text_body, html_body, ics, ticket_codes)
       SELECT r.id, r.notification_id, r.user_id, $4, $5, $6, $7, $8
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[]) AS r(id, notification_id, user_id)`,
      [
        recipients.map(() => randomUUID()),
        recipients.map((r) => r.notificationId),
        recipients.map((r) => r.userId),
        email.subject,
        email.text,
        email.html,
        email.ics ?? null,
        email.ticketCodes ?? null,
      ],
    );
  }

  /** Like `enqueue`, with each recipient's own email. */
  async enqueueEach(
    manager: EntityManager,
    emails: { notificationId: string; userId: string; email: EmailContent }[],
  ): Promise<void> {
    if (emails.length === 0) return;
    await manager.query(
      `INSERT INTO emails (id, notification_id, user_id, subject, text_body, html_body, ics)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[])`,
      [
        emails.map(() => randomUUID()),
        emails.map((e) => e.notificationId),
        emails.map((e) => e.userId),
        emails.map((e) => e.email.subject),
        emails.map((e) => e.email.text),
        emails.map((e) => e.email.html),
        emails.map((e) => e.email.ics ?? null),
      ],
    );
  }

  /** Enqueues an email to an address without an account, once per `cause`. */
  async enqueueToAddress(manager: EntityManager, cause: string, address: string, email: EmailContent) {
    await manager.query(
      `INSERT INTO emails (id, cause, to_address, subject, text_body, html_body, ics)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (cause) DO NOTHING`,
      [randomUUID(), cause, address, email.subject, email.text, email.html, email.ics ?? null],
    );
  }

  /** Claims up to `limit` due emails for `leaseSeconds` (SKIP LOCKED: instances never share one). */
  async claimDue(limit: number, leaseSeconds: number): Promise<DueEmail[]> {
    const rows = await this.dataSource.query<DueRow[]>(
      // In a CTE: TypeORM answers a bare UPDATE with [rows, count] instead of the rows.
      `WITH claimed AS (
         UPDATE emails SET locked_until = clock_timestamp() + make_interval(secs => $2)
         WHERE id IN (
           SELECT id FROM emails
           WHERE status = 'pending' AND next_attempt_at <= clock_timestamp()
             AND (locked_until IS NULL OR locked_until < clock_timestamp())
           ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id, notification_id, user_id, to_address, subject, text_body, html_body, ics, ticket_codes,
           attempts)
       SELECT * FROM claimed`,
      [limit, leaseSeconds],
    );
    return rows.map((r) => ({
      id: r.id,
      notificationId: r.notification_id,
      userId: r.user_id,
      toAddress: r.to_address,
      subject: r.subject,
      text: r.text_body,
      html: r.html_body,
      ics: r.ics,
      ticketCodes: r.ticket_codes,
      attempts: r.attempts,
    }));
  }

  /** Records emails as sent, each to its address: one statement for a delivered batch. */
  async markSent(sent: { id: string; address: string }[]): Promise<void> {
    if (sent.length === 0) return;
    await this.dataSource.query(
      `UPDATE emails e SET status = 'sent', sent_at = clock_timestamp(), attempts = e.attempts + 1,
         to_address = s.address, locked_until = NULL, last_error = NULL
       FROM unnest($1::uuid[], $2::text[]) AS s (id, address) WHERE e.id = s.id`,
      [sent.map((s) => s.id), sent.map((s) => s.address)],
    );
  }

  /** Records a failed attempt: pending again after `waitSeconds`, or failed for good. */
  async markAttemptFailed(id: string, attempts: number, failed: boolean, error: string, waitSeconds: number) {
    await this.dataSource.query(
      `UPDATE emails SET attempts = $2, status = $3, last_error = $4, locked_until = NULL,
         next_attempt_at = clock_timestamp() + make_interval(secs => $5) WHERE id = $1`,
      [id, attempts, failed ? 'failed' : 'pending', error, waitSeconds],
    );
  }
}
