import { BookingCancelledV1, BookingConfirmedV1, CancelReason } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Who counts as an event's audience for a fan-out. */
export enum Audience {
  /** Holders of a confirmed booking. */
  Confirmed = 'confirmed',
  /**
   * Holders whose booking is confirmed or was cancelled because the event was, people on its waiting list
   * (still waiting or offered, or whose entry was cancelled with the event), and invitees with an account
   * who have not declined.
   */
  CancelledWithEvent = 'cancelled_with_event',
  /**
   * Who is coming: holders of a confirmed booking and guests who answered yes (with an account), each once,
   * left out if they joined after the cutoff.
   */
  Reminder = 'reminder',
}

/** What one person holds for an event: booked tickets and seats, and places of an RSVP "yes". */
export interface Holding {
  quantity: number;
  seats: string[];
}

/** An invitation as the notifier keeps it. */
export interface Invitee {
  invitationId: string;
  eventId: string;
  email: string;
  userId: string | null;
  name: string | null;
  message: string | null;
  rsvpBy: string;
  plusOnesAllowed: number;
}

interface InviteeRow {
  invitation_id: string;
  event_id: string;
  email: string;
  user_id: string | null;
  name: string | null;
  message: string | null;
  rsvp_by: Date;
  plus_ones_allowed: number;
}

/** A booking as the notifier knows it. */
export interface AttendedBooking {
  bookingId: string;
  eventId: string;
  quantity: number;
  seats: string[];
}

interface BookingRow {
  booking_id: string;
  event_id: string;
  user_id: string;
  quantity: number;
  seats: string[];
}

const bookingOf = (row: BookingRow): AttendedBooking => ({
  bookingId: row.booking_id,
  eventId: row.event_id,
  quantity: row.quantity,
  seats: row.seats,
});

/**
 * The only reader and writer of `attendances`, `waitlisters` and `invitees`: who booking-service says is
 * attached to an event (bookings, waiting-list entries, invitations), as far as notices need them.
 * Filled by: booking.confirmed, booking.cancelled, waitlist.joined, waitlist.offered, waitlist.expired,
 * waitlist.closed, invitation.sent, invitation.responded.
 */
@Injectable()
export class AttendanceRepository {
  async recordConfirmed(manager: EntityManager, fact: BookingConfirmedV1): Promise<void> {
    await manager.query(
      `INSERT INTO attendances (booking_id, event_id, user_id, quantity, seats, status)
       VALUES ($1, $2, $3, $4, $5, 'confirmed') ON CONFLICT (booking_id) DO NOTHING`,
      [fact.bookingId, fact.eventId, fact.userId, fact.quantity, fact.seats],
    );
  }

  /** Records the cancellation, whether or not the confirmation arrived first. */
  async recordCancelled(manager: EntityManager, fact: BookingCancelledV1): Promise<void> {
    await manager.query(
      `INSERT INTO attendances (booking_id, event_id, user_id, quantity, seats, status, cancel_reason)
       VALUES ($1, $2, $3, $4, $5, 'cancelled', $6)
       ON CONFLICT (booking_id) DO UPDATE SET status = 'cancelled', cancel_reason = EXCLUDED.cancel_reason`,
      [fact.bookingId, fact.eventId, fact.userId, fact.quantity, fact.seats, fact.reason],
    );
  }

  /**
   * Records a waiting-list entry's state unless a later one is known, whatever order the facts arrive in:
   * waiting, then offered, then a final state.
   */
  async recordWaitlister(
    manager: EntityManager,
    fact: { entryId: string; eventId: string; userId: string },
    status: string,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO waitlisters (entry_id, event_id, user_id, status) VALUES ($1, $2, $3, $4)
       ON CONFLICT (entry_id) DO UPDATE SET status = EXCLUDED.status
       WHERE waitlisters.status = 'waiting'
          OR (waitlisters.status = 'offered' AND EXCLUDED.status NOT IN ('waiting', 'offered'))`,
      [fact.entryId, fact.eventId, fact.userId, status],
    );
  }

  /** Records an invitation; `userId` when an account with the address is known. */
  async recordInvitee(manager: EntityManager, invitee: Invitee): Promise<void> {
    await manager.query(
      `INSERT INTO invitees (invitation_id, event_id, email, user_id, name, message, rsvp_by, plus_ones_allowed)
       VALUES ($1, $2, lower($3), $4, $5, $6, $7, $8)
       ON CONFLICT (invitation_id) DO UPDATE SET user_id = coalesce(invitees.user_id, EXCLUDED.user_id),
         name = EXCLUDED.name, message = EXCLUDED.message, rsvp_by = EXCLUDED.rsvp_by,
         plus_ones_allowed = EXCLUDED.plus_ones_allowed`,
      [
        invitee.invitationId,
        invitee.eventId,
        invitee.email,
        invitee.userId,
        invitee.name,
        invitee.message,
        invitee.rsvpBy,
        invitee.plusOnesAllowed,
      ],
    );
  }

  /**
   * Records a guest's latest answer (answers are numbered, so an older one arriving late changes nothing);
   * false if the invitation itself has not arrived yet.
   */
  async recordAnswer(
    manager: EntityManager,
    answer: { invitationId: string; response: string; plusOnes: number; answer: number },
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `WITH answered AS (
         UPDATE invitees SET status = $2, answers = $3, plus_ones = $4, answered_at = clock_timestamp()
         WHERE invitation_id = $1 AND answers < $3 RETURNING 1)
       SELECT 1 FROM answered
       UNION ALL SELECT 1 FROM invitees WHERE invitation_id = $1`,
      [answer.invitationId, answer.response, answer.answer, answer.plusOnes],
    );
    return rows.length > 0;
  }

  /** A new account takes the invitations sent to its address; returns them. */
  async linkInvitees(manager: EntityManager, email: string, userId: string): Promise<Invitee[]> {
    const rows = await manager.query<InviteeRow[]>(
      `WITH linked AS (
         UPDATE invitees SET user_id = $2 WHERE email = lower($1) AND user_id IS NULL RETURNING *)
       SELECT * FROM linked`,
      [email, userId],
    );
    return rows.map((r) => ({
      invitationId: r.invitation_id,
      eventId: r.event_id,
      email: r.email,
      userId: r.user_id,
      name: r.name,
      message: r.message,
      rsvpBy: r.rsvp_by.toISOString(),
      plusOnesAllowed: r.plus_ones_allowed,
    }));
  }

  /** What each of `userIds` holds for the event (confirmed bookings plus an RSVP yes with its plus-ones). */
  async holdings(manager: EntityManager, eventId: string, userIds: string[]): Promise<Map<string, Holding>> {
    const rows = await manager.query<{ user_id: string; quantity: number; seats: string[] }[]>(
      `SELECT user_id, sum(quantity)::int AS quantity,
              coalesce(array_agg(seat ORDER BY seat) FILTER (WHERE seat IS NOT NULL), '{}') AS seats
       FROM (
         SELECT user_id, quantity, NULL::text AS seat FROM attendances
         WHERE event_id = $1 AND user_id = ANY($2::uuid[]) AND status = 'confirmed'
         UNION ALL
         SELECT user_id, 0, unnest(seats) FROM attendances
         WHERE event_id = $1 AND user_id = ANY($2::uuid[]) AND status = 'confirmed'
         UNION ALL
         SELECT user_id, 1 + plus_ones, NULL FROM invitees
         WHERE event_id = $1 AND user_id = ANY($2::uuid[]) AND status = 'yes'
       ) held GROUP BY user_id`,
      [eventId, userIds],
    );
    return new Map(rows.map((r) => [r.user_id, { quantity: r.quantity, seats: r.seats }]));
  }

  /**
   * The bookings of each of `userIds` for the event whose calendar entries a fan-out updates: confirmed ones,
   * and (`cancelledWithEvent`) those the event's cancellation cancelled (or is about to: their facts may lag).
   */
  async bookingsOf(
    manager: EntityManager,
    eventId: string,
    userIds: string[],
    cancelledWithEvent: boolean,
  ): Promise<Map<string, AttendedBooking[]>> {
    const rows = await manager.query<BookingRow[]>(
      `SELECT booking_id, event_id, user_id, quantity, seats FROM attendances
       WHERE event_id = $1 AND user_id = ANY($2::uuid[])
         AND (status = 'confirmed' OR ($3 AND cancel_reason = $4))
       ORDER BY confirmed_at, booking_id`,
      // With the event cancelled, a booking still held as confirmed here is one whose booking.cancelled has not
      // arrived yet (booking-service publishes it after the event's fact): it is cancelled with the event too.
      [eventId, userIds, cancelledWithEvent, CancelReason.EventCancelled],
    );
    const byUser = new Map<string, AttendedBooking[]>();
    for (const row of rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), bookingOf(row)]);
    return byUser;
  }

  /** The person's confirmed bookings, latest first (at most `limit`): what their calendar feed is made of. */
  async confirmedBookingsOf(
    manager: EntityManager,
    userId: string,
    limit: number,
  ): Promise<AttendedBooking[]> {
    const rows = await manager.query<BookingRow[]>(
      `SELECT booking_id, event_id, user_id, quantity, seats FROM attendances
       WHERE user_id = $1 AND status = 'confirmed' ORDER BY confirmed_at DESC LIMIT $2`,
      [userId, limit],
    );
    return rows.map(bookingOf);
  }

  /** Invited guests without an account who answered yes by `cutoff`: reminded by email alone. */
  async guestsComing(manager: EntityManager, eventId: string, cutoff: Date) {
    return manager.query<{ email: string; plus_ones: number }[]>(
      `SELECT email, plus_ones FROM invitees
       WHERE event_id = $1 AND user_id IS NULL AND status = 'yes' AND answered_at <= $2`,
      [eventId, cutoff],
    );
  }

  /** Invitees of the event without an account who have not declined: told by email alone. */
  async guestsWithoutAccount(manager: EntityManager, eventId: string): Promise<string[]> {
    const rows = await manager.query<{ email: string }[]>(
      `SELECT DISTINCT email FROM invitees WHERE event_id = $1 AND user_id IS NULL AND status <> 'no'`,
      [eventId],
    );
    return rows.map((r) => r.email);
  }

  /** Up to `limit` distinct people of the event's audience after `afterUserId`, in user id order. */
  async audience(
    manager: EntityManager,
    eventId: string,
    audience: Audience,
    afterUserId: string | null,
    limit: number,
    cutoff: Date | null = null,
  ): Promise<string[]> {
    const people = {
      [Audience.Confirmed]: `SELECT user_id FROM attendances WHERE event_id = $1 AND status = 'confirmed'`,
      [Audience.CancelledWithEvent]: `
        SELECT user_id FROM attendances
        WHERE event_id = $1 AND (status = 'confirmed' OR cancel_reason = '${CancelReason.EventCancelled}')
        UNION SELECT user_id FROM waitlisters WHERE event_id = $1 AND status IN ('waiting', 'offered', 'cancelled')
        UNION SELECT user_id FROM invitees WHERE event_id = $1 AND user_id IS NOT NULL AND status <> 'no'`,
      [Audience.Reminder]: `
        SELECT user_id FROM attendances
        WHERE event_id = $1 AND status = 'confirmed' AND ($4::timestamptz IS NULL OR confirmed_at <= $4)
        UNION SELECT user_id FROM invitees
        WHERE event_id = $1 AND user_id IS NOT NULL AND status = 'yes' AND ($4::timestamptz IS NULL OR answered_at <= $4)`,
    }[audience];
    const rows = await manager.query<{ user_id: string }[]>(
      `SELECT DISTINCT user_id FROM (${people}) people
       WHERE ($2::uuid IS NULL OR user_id > $2::uuid)
       ORDER BY user_id LIMIT $3`,
      // $4 (the cutoff) only where the query uses it: PostgreSQL cannot type an unused parameter.
      audience === Audience.Reminder ? [eventId, afterUserId, limit, cutoff] : [eventId, afterUserId, limit],
    );
    return rows.map((r) => r.user_id);
  }
}
