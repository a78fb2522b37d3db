import { AuthUser } from '@evently/auth';
import { decodeCursor, isTimeAndIdKey, InjectConfig, Page, toPage } from '@evently/common';
import {
  BookingCancelledV1,
  BookingConfirmedV1,
  EventCancelledV1,
  EventSnapshotV1,
  EventUpdatedV1,
  UserRegisteredV1,
} from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { NotifierServiceConfig } from '../config/notifier-service.config';
import { calendarInvite } from './calendar';
import { NotificationEntity } from './notification.entity';
import { NotificationErrorCode, NotificationException } from './notification.exception';
import {
  bookingCancelledMessage,
  bookingConfirmedMessage,
  emailOf,
  eventCancelledMessage,
  EventFacts,
  eventUpdatedMessage,
  Message,
  NotificationType,
  welcomeMessage,
} from './templates';

/** Changes attendees are told about; a new title or description alone is not worth an email. */
const NOTIFIED_CHANGES = ['startsAt', 'endsAt', 'venue'];

enum Audience {
  /** Holders of a confirmed booking. */
  Confirmed = 'confirmed',
  /** Holders whose booking is confirmed or was cancelled because the event was. */
  CancelledWithEvent = 'cancelled_with_event',
}

interface EventRow {
  title: string;
  starts_at: Date;
  ends_at: Date;
  venue_name: string;
  venue_city: string;
  venue_address: string | null;
}

interface FanoutRow {
  id: string;
  event_id: string;
  cause: string;
  type: NotificationType;
  audience: Audience;
  title: string;
  body: string;
  data: Record<string, unknown>;
  after_user_id: string | null;
}

const factsOf = (row: EventRow): EventFacts => ({
  title: row.title,
  startsAt: row.starts_at,
  endsAt: row.ends_at,
  venueName: row.venue_name,
  venueCity: row.venue_city,
  venueAddress: row.venue_address,
});

/**
 * The notifier's rules: replicas of users, events and attendances, fed by facts, and the notifications
 * (in-app, plus an email each) they cause. Exactly once per (recipient, cause) rests on the unique
 * (user_id, cause) key: a redelivery, a retry or a second instance inserts nothing the second time.
 */
@Injectable()
export class NotificationService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectConfig() private readonly config: NotifierServiceConfig,
  ) {}

  async recordContact(manager: EntityManager, user: UserRegisteredV1, welcome: boolean): Promise<void> {
    await manager.query(
      `INSERT INTO contacts (user_id, email, full_name) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, full_name = EXCLUDED.full_name,
         updated_at = clock_timestamp()`,
      [user.userId, user.email, user.fullName],
    );
    if (welcome) {
      await this.notify(
        manager,
        user.userId,
        NotificationType.Welcome,
        'welcome',
        welcomeMessage(user.fullName),
        {},
      );
    }
  }

  /** Keeps the newest snapshot of an event; returns whether this one was newer than what was held. */
  async recordEvent(manager: EntityManager, snapshot: EventSnapshotV1): Promise<boolean> {
    const applied = await manager.query<unknown[]>(
      `INSERT INTO events (event_id, version, title, status, starts_at, ends_at, venue_name, venue_city, venue_address)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (event_id) DO UPDATE SET version = EXCLUDED.version, title = EXCLUDED.title,
         status = EXCLUDED.status, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
         venue_name = EXCLUDED.venue_name, venue_city = EXCLUDED.venue_city, venue_address = EXCLUDED.venue_address
       WHERE events.version < EXCLUDED.version
       RETURNING event_id`,
      [
        snapshot.eventId,
        snapshot.version,
        snapshot.title,
        snapshot.status,
        snapshot.startsAt,
        snapshot.endsAt,
        snapshot.venue.name,
        snapshot.venue.city,
        snapshot.venue.address,
      ],
    );
    return applied.length > 0;
  }

  /** A change of time or place goes to every current attendee, once per event version. */
  async eventUpdated(manager: EntityManager, fact: EventUpdatedV1): Promise<void> {
    await this.recordEvent(manager, fact.snapshot);
    const changed = fact.changed.filter((field) => NOTIFIED_CHANGES.includes(field));
    if (changed.length === 0) return;
    await this.planFanout(manager, {
      eventId: fact.eventId,
      cause: `event-updated:${fact.eventId}:${fact.snapshot.version}`,
      type: NotificationType.EventUpdated,
      audience: Audience.Confirmed,
      message: eventUpdatedMessage(snapshotFacts(fact.snapshot), changed),
      data: { eventId: fact.eventId, changed, startsAt: fact.snapshot.startsAt, venue: fact.snapshot.venue },
    });
  }

  /** One notice per attendee (not per booking), whatever order the booking cancellations arrive in. */
  async eventCancelled(manager: EntityManager, fact: EventCancelledV1): Promise<void> {
    await this.recordEvent(manager, fact.snapshot);
    await this.planFanout(manager, {
      eventId: fact.eventId,
      cause: `event-cancelled:${fact.eventId}`,
      type: NotificationType.EventCancelled,
      audience: Audience.CancelledWithEvent,
      message: eventCancelledMessage(snapshotFacts(fact.snapshot), fact.reason),
      data: { eventId: fact.eventId, reason: fact.reason },
    });
  }

  async bookingConfirmed(manager: EntityManager, fact: BookingConfirmedV1): Promise<void> {
    await manager.query(
      `INSERT INTO attendances (booking_id, event_id, user_id, quantity, seats, status)
       VALUES ($1, $2, $3, $4, $5, 'confirmed') ON CONFLICT (booking_id) DO NOTHING`,
      [fact.bookingId, fact.eventId, fact.userId, fact.quantity, fact.seats],
    );
    const event = await this.eventFacts(manager, fact.eventId);
    const message = bookingConfirmedMessage(event, fact.quantity, fact.seats);
    await this.notify(
      manager,
      fact.userId,
      NotificationType.BookingConfirmed,
      `booking-confirmed:${fact.bookingId}`,
      message,
      { bookingId: fact.bookingId, eventId: fact.eventId, quantity: fact.quantity, seats: fact.seats },
      calendarInvite(fact.bookingId, event, message.body),
    );
  }

  async bookingCancelled(manager: EntityManager, fact: BookingCancelledV1): Promise<void> {
    await manager.query(
      `INSERT INTO attendances (booking_id, event_id, user_id, quantity, seats, status, cancel_reason)
       VALUES ($1, $2, $3, $4, $5, 'cancelled', $6)
       ON CONFLICT (booking_id) DO UPDATE SET status = 'cancelled', cancel_reason = EXCLUDED.cancel_reason`,
      [fact.bookingId, fact.eventId, fact.userId, fact.quantity, fact.seats, fact.reason],
    );
    // The event's own cancellation notice covers these: one notice per attendee, not one per booking.
    if (fact.reason === 'EVENT_CANCELLED') return;
    const event = await this.eventFacts(manager, fact.eventId);
    await this.notify(
      manager,
      fact.userId,
      NotificationType.BookingCancelled,
      `booking-cancelled:${fact.bookingId}`,
      bookingCancelledMessage(event, fact.quantity, fact.seats, fact.reason === 'ADMIN_CANCELLED'),
      { bookingId: fact.bookingId, eventId: fact.eventId, reason: fact.reason },
    );
  }

  /**
   * Works one batch of the oldest unfinished fan-out: up to FANOUT_BATCH_SIZE attendees after the saved
   * cursor get their notification and email, and the cursor moves, in one transaction. A crash loses at
   * most the batch in flight, which the next run redoes (the unique key skips whoever was done).
   * Returns whether there was anything to do.
   */
  async runFanoutBatch(): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const [job] = await manager.query<FanoutRow[]>(
        `SELECT * FROM fanouts WHERE done_at IS NULL ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      if (!job) return false;
      const audience =
        job.audience === Audience.Confirmed
          ? `status = 'confirmed'`
          : `(status = 'confirmed' OR cancel_reason = 'EVENT_CANCELLED')`;
      const recipients = await manager.query<{ user_id: string }[]>(
        `SELECT DISTINCT user_id FROM attendances
         WHERE event_id = $1 AND ${audience} AND ($2::uuid IS NULL OR user_id > $2::uuid)
         ORDER BY user_id LIMIT $3`,
        [job.event_id, job.after_user_id, this.config.FANOUT_BATCH_SIZE],
      );
      const users = recipients.map((r) => r.user_id);
      if (users.length > 0) {
        const email = emailOf(job);
        await manager.query(
          `WITH created AS (
             INSERT INTO notifications (id, user_id, type, cause, title, body, data)
             SELECT gen_random_uuid(), u, $2, $3, $4, $5, $6 FROM unnest($1::uuid[]) AS u
             ON CONFLICT (user_id, cause) DO NOTHING
             RETURNING id, user_id)
           INSERT INTO emails (id, notification_id, user_id, subject, text_body, html_body)
           SELECT gen_random_uuid(), id, user_id, $7, $8, $9 FROM created`,
          [users, job.type, job.cause, job.title, job.body, job.data, email.subject, email.text, email.html],
        );
      }
      const finished = users.length < this.config.FANOUT_BATCH_SIZE;
      await manager.query(
        `UPDATE fanouts SET after_user_id = coalesce($2::uuid, after_user_id),
           done_at = CASE WHEN $3 THEN clock_timestamp() END WHERE id = $1`,
        [job.id, users[users.length - 1] ?? null, finished],
      );
      return true;
    });
  }

  /** The caller's notifications, newest first; `unread` keeps only those not yet read. */
  async listNotifications(
    caller: AuthUser,
    query: { limit: number; cursor?: string; unread?: boolean },
  ): Promise<Page<NotificationEntity>> {
    const builder = this.dataSource
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .where('n.userId = :userId', { userId: caller.id })
      .orderBy('n.createdAt', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .limit(query.limit + 1);
    if (query.unread) builder.andWhere('n.readAt IS NULL');
    if (query.cursor) {
      const [createdAt, id] = decodeCursor(query.cursor, isTimeAndIdKey);
      builder.andWhere('(n.createdAt, n.id) < (:createdAt, :id)', { createdAt, id });
    }
    return toPage(
      await builder.getMany(),
      query.limit,
      (n) => [n.createdAt.toISOString(), n.id],
      (n) => n,
    );
  }

  /** Marks one of the caller's notifications read (idempotent); someone else's does not exist for them. */
  async markRead(caller: AuthUser, id: string): Promise<NotificationEntity> {
    const repository = this.dataSource.getRepository(NotificationEntity);
    await repository
      .createQueryBuilder()
      .update()
      .set({ readAt: () => 'coalesce(read_at, clock_timestamp())' })
      .where('id = :id AND user_id = :userId', { id, userId: caller.id })
      .execute();
    const notification = await repository.findOneBy({ id, userId: caller.id });
    if (!notification) {
      throw new NotificationException(NotificationErrorCode.NotificationNotFound, 'No such notification');
    }
    return notification;
  }

  /** Notifications of `userIds` created since `since`, oldest first: what the live stream pushes. */
  async recentFor(userIds: string[], since: Date): Promise<NotificationEntity[]> {
    return this.dataSource
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .where('n.userId = ANY(:userIds)', { userIds })
      .andWhere('n.createdAt >= :since', { since })
      .orderBy('n.createdAt', 'ASC')
      .addOrderBy('n.id', 'ASC')
      .limit(1000)
      .getMany();
  }

  /** One notification and its email (unless it exists already for this recipient and cause). */
  private async notify(
    manager: EntityManager,
    userId: string,
    type: NotificationType,
    cause: string,
    message: Message,
    data: Record<string, unknown>,
    ics?: string,
  ): Promise<void> {
    const created = await manager.query<{ id: string }[]>(
      `INSERT INTO notifications (id, user_id, type, cause, title, body, data) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (user_id, cause) DO NOTHING RETURNING id`,
      [randomUUID(), userId, type, cause, message.title, message.body, data],
    );
    if (created.length === 0) return;
    const email = emailOf(message);
    await manager.query(
      `INSERT INTO emails (id, notification_id, user_id, subject, text_body, html_body, ics)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [randomUUID(), created[0].id, userId, email.subject, email.text, email.html, ics ?? null],
    );
  }

  private async planFanout(
    manager: EntityManager,
    plan: {
      eventId: string;
      cause: string;
      type: NotificationType;
      audience: Audience;
      message: Message;
      data: Record<string, unknown>;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO fanouts (id, event_id, cause, type, audience, title, body, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (cause) DO NOTHING`,
      [
        randomUUID(),
        plan.eventId,
        plan.cause,
        plan.type,
        plan.audience,
        plan.message.title,
        plan.message.body,
        plan.data,
      ],
    );
  }

  /** The event as last heard of; a booking fact can overtake the event's own fact, so retry until it lands. */
  private async eventFacts(manager: EntityManager, eventId: string): Promise<EventFacts> {
    const [row] = await manager.query<EventRow[]>(`SELECT * FROM events WHERE event_id = $1`, [eventId]);
    if (!row) throw new Error(`event ${eventId} not known yet (its event.published has not arrived)`);
    return factsOf(row);
  }
}

const snapshotFacts = (snapshot: EventSnapshotV1): EventFacts => ({
  title: snapshot.title,
  startsAt: new Date(snapshot.startsAt),
  endsAt: new Date(snapshot.endsAt),
  venueName: snapshot.venue.name,
  venueCity: snapshot.venue.city,
  venueAddress: snapshot.venue.address,
});
