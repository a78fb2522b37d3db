import { Injectable } from '@nestjs/common';
import type { OutboxRow } from '@evently/messaging';
import { CancelReason } from '@evently/contracts';
import { EntityManager } from 'typeorm';
import { BookingEntity } from './booking.entity';
import { BookingRow, toEntity } from './booking.row';

/**
 * The writer of orders on `bookings` (beside BookingRepository, which owns the table and `user_event_tickets`):
 * an order's lines and money, holds awaiting payment, their confirmation when paid and their end unpaid.
 */
@Injectable()
export class HoldRepository {
  /** Writes what an order sold (its items and total) on its confirmed booking. */
  async setOrder(
    manager: EntityManager,
    id: string,
    order: Pick<BookingEntity, 'items' | 'totalAmount' | 'currency' | 'discountAmount' | 'promoCodeId'>,
  ) {
    await manager.query(
      `UPDATE bookings SET items = $2, total_amount = $3, currency = $4, discount_amount = $5, promo_code_id = $6
       WHERE id = $1`,
      [
        id,
        JSON.stringify(order.items),
        order.totalAmount,
        order.currency,
        order.discountAmount,
        order.promoCodeId,
      ],
    );
  }

  /**
   * A priced order's booking, awaiting payment until `expiresAt`: its claim is consumed (the places stay
   * sold, now by the hold; seated orders claim nothing, their seats are locked by the caller). Null when the
   * claim is gone, and then nothing is written.
   */
  async hold(
    manager: EntityManager,
    booking: Pick<
      BookingEntity,
      | 'id'
      | 'eventId'
      | 'userId'
      | 'quantity'
      | 'seats'
      | 'items'
      | 'totalAmount'
      | 'currency'
      | 'discountAmount'
      | 'promoCodeId'
    >,
    claimId: string | null,
    expiresAt: Date,
  ): Promise<BookingEntity | null> {
    const rows = await manager.query<BookingRow[]>(
      `WITH claim AS (
         DELETE FROM place_claims WHERE id = $1 AND event_id = $2 AND user_id = $3 AND quantity = $4 RETURNING id)
       INSERT INTO bookings (id, event_id, user_id, quantity, seats, status, items, total_amount, currency,
                             expires_at, discount_amount, promo_code_id)
       SELECT $5, $2, $3, $4, $12, 'pending_payment', $6, $7, $8, $9, $10, $11
       WHERE $1::uuid IS NULL OR EXISTS (SELECT 1 FROM claim)
       RETURNING *`,
      [
        claimId,
        booking.eventId,
        booking.userId,
        booking.quantity,
        booking.id,
        JSON.stringify(booking.items),
        booking.totalAmount,
        booking.currency,
        expiresAt,
        booking.discountAmount,
        booking.promoCodeId,
        booking.seats,
      ],
    );
    return rows[0] ? toEntity(rows[0]) : null;
  }

  /**
   * A paid hold becomes a confirmed booking, with its booking.confirmed fact and its counters; with `lapsed`,
   * a hold that had expired (its places taken again by the caller) does too.
   */
  async confirmHeld(manager: EntityManager, id: string, fact: OutboxRow, statsShard: number, lapsed = false) {
    const [row] = await manager.query<BookingRow[]>(
      `WITH paid AS (
         UPDATE bookings SET status = 'confirmed', expires_at = NULL, cancelled_at = NULL, cancel_reason = NULL
         WHERE id = $1 AND status = ANY($6::text[]) RETURNING *),
       fact AS (SELECT outbox_add($2, $3, $4) FROM paid),
       stats AS (SELECT add_event_stats(event_id, $5, 1, 0, quantity, 0) FROM paid)
       SELECT paid.* FROM paid, (SELECT count(*) FROM fact) f, (SELECT count(*) FROM stats) s`,
      [
        id,
        fact.id,
        fact.routingKey,
        fact.envelope,
        statsShard,
        lapsed ? ['pending_payment', 'expired'] : ['pending_payment'],
      ],
    );
    return row ? toEntity(row) : null;
  }

  /**
   * A hold that ends unpaid (`expired`, or `cancelled` by its holder): its places' tickets go back to the
   * person; the caller gives the places back. Null when it is no longer a hold.
   */
  async endHold(
    manager: EntityManager,
    id: string,
    status: 'expired' | 'cancelled',
    reason: CancelReason | null,
  ) {
    const [row] = await manager.query<BookingRow[]>(
      `WITH ended AS (
         UPDATE bookings SET status = $2, cancel_reason = $3, expires_at = NULL,
           cancelled_at = clock_timestamp()
         WHERE id = $1 AND status = 'pending_payment' RETURNING *),
       tickets AS (
         UPDATE user_event_tickets t SET tickets = greatest(0, t.tickets - ended.quantity) FROM ended
         WHERE t.event_id = ended.event_id AND t.user_id = ended.user_id)
       SELECT * FROM ended`,
      [id, status, reason],
    );
    return row ? toEntity(row) : null;
  }

  /** The event's holds awaiting payment, locked, in id order (so two callers never wait on each other). */
  async pendingHolds(
    manager: EntityManager,
    eventId: string,
  ): Promise<{ bookingId: string; eventId: string; userId: string }[]> {
    const rows = await manager.query<{ id: string; user_id: string }[]>(
      `SELECT id, user_id FROM bookings WHERE event_id = $1 AND status = 'pending_payment' ORDER BY id FOR UPDATE`,
      [eventId],
    );
    return rows.map((r) => ({ bookingId: r.id, eventId, userId: r.user_id }));
  }
}
