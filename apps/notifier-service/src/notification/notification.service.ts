import { AuthUser } from '@evently/auth';
import { Page } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EmailOutboxRepository } from '../email/email-outbox.repository';
import { NotificationEntity } from './notification.entity';
import { NotificationErrorCode, NotificationException } from './notification.exception';
import { NotificationRepository } from './notification.repository';
import { emailOf, Message, NotificationType } from './templates';

/** One cause of notices: its type, the key that makes it once per recipient, and what it says. */
export interface Notice {
  type: NotificationType;
  /** Unique per recipient: the same cause never notifies one person twice. */
  cause: string;
  message: Message;
  data: Record<string, unknown>;
  /** A calendar file attached to the email. */
  ics?: string;
  /** Ticket codes, shown in the email as QR images. */
  ticketCodes?: string[];
  /** False: in-app only, no email. */
  emailed?: boolean;
  /** What the inbox says when it differs from the email (e.g. no secret link in-app). */
  inAppMessage?: Message;
}

/**
 * In-app notifications and the email each one carries. Exactly once per (recipient, cause): a notice that
 * exists already for a recipient creates neither a second notification nor a second email.
 */
@Injectable()
export class NotificationService {
  constructor(
    private readonly notifications: NotificationRepository,
    private readonly emails: EmailOutboxRepository,
  ) {}

  /** Notifies each of `userIds` once for the notice's cause, in the caller's transaction. */
  async notify(manager: EntityManager, userIds: string[], notice: Notice): Promise<void> {
    const created = await this.notifications.insertOncePerCause(manager, userIds, {
      ...notice,
      message: notice.inAppMessage ?? notice.message,
    });
    if (notice.emailed === false) return;
    await this.emails.enqueue(
      manager,
      created.map((n) => ({ notificationId: n.id, userId: n.userId })),
      { ...emailOf(notice.message), ics: notice.ics, ticketCodes: notice.ticketCodes },
    );
  }

  /** Like `notify`, with each person's own words (one bulk insert for the batch). */
  async notifyEach(
    manager: EntityManager,
    recipients: { userId: string; message: Message; ics?: string }[],
    notice: Omit<Notice, 'message' | 'inAppMessage'>,
  ): Promise<void> {
    const created = await this.notifications.insertEachOncePerCause(manager, recipients, notice);
    if (notice.emailed === false) return;
    const byUser = new Map(recipients.map((r) => [r.userId, r]));
    await this.emails.enqueueEach(
      manager,
      created.map((n) => ({
        notificationId: n.id,
        userId: n.userId,
        email: { ...emailOf(byUser.get(n.userId)!.message), ics: byUser.get(n.userId)!.ics ?? notice.ics },
      })),
    );
  }

  list(
    caller: AuthUser,
    query: { limit: number; cursor?: string; unread?: boolean },
  ): Promise<Page<NotificationEntity>> {
    return this.notifications.page(caller.id, query);
  }

  /** Marks one of the caller's notifications read (idempotent); someone else's does not exist for them. */
  async markRead(caller: AuthUser, id: string): Promise<NotificationEntity> {
    const notification = await this.notifications.markRead(caller.id, id);
    if (!notification) {
      throw new NotificationException(NotificationErrorCode.NotificationNotFound, 'No such notification');
    }
    return notification;
  }

  /** Notifications of `userIds` created since `since`, oldest first: what the live stream pushes. */
  recentFor(userIds: string[], since: Date): Promise<NotificationEntity[]> {
    return this.notifications.recentFor(userIds, since);
  }
}
