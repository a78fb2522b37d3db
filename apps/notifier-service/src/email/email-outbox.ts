import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EmailContent, EmailOutboxRepository } from './email-outbox.repository';

/** How other modules send email: they enqueue it in their transaction; delivery happens later, with retries. */
@Injectable()
export class EmailOutbox {
  constructor(private readonly emails: EmailOutboxRepository) {}

  enqueue(
    manager: EntityManager,
    recipients: { notificationId: string; userId: string }[],
    email: EmailContent,
  ): Promise<void> {
    return this.emails.insertMany(manager, recipients, email);
  }
}
