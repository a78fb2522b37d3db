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

/**
 * The only reader and writer of `attendances`, `waitlisters` and `invitees`: who booking-service says is
 * attached to an event (bookings, waiting-list entries, invitations), as far as notices need them.
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
    answer: { invitationId: string; response: string; answer: number },
  ): Promise<boolean> {
    const rows = await manager.query<unknown[]>(
      `WITH answered AS (
         UPDATE invitees SET status = $2, answers = greatest(answers, $3)
         WHERE invitation_id = $1 AND answers < $3 RETURNING 1)
       SELECT 1 FROM answered
       UNION ALL SELECT 1 FROM invitees WHERE invitation_id = $1`,
      [answer.invitationId, answer.response, answer.answer],
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
  ): Promise<string[]> {
    const status =
      audience === Audience.Confirmed
        ? `status = 'confirmed'`
        : `(status = 'confirmed' OR cancel_reason = '${CancelReason.EventCancelled}')`;
    const waitlisters =
      audience === Audience.CancelledWithEvent
        ? `UNION SELECT user_id FROM waitlisters
           WHERE event_id = $1 AND status IN ('waiting', 'offered', 'cancelled')
           UNION SELECT user_id FROM invitees WHERE event_id = $1 AND user_id IS NOT NULL AND status <> 'no'`
        : '';
    const rows = await manager.query<{ user_id: string }[]>(
      `SELECT user_id FROM (
         SELECT user_id FROM attendances WHERE event_id = $1 AND ${status} ${waitlisters}) people
       WHERE ($2::uuid IS NULL OR user_id > $2::uuid)
       ORDER BY user_id LIMIT $3`,
      [eventId, afterUserId, limit],
    );
    return rows.map((r) => r.user_id);
  }
}
