import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { EntityManager } from 'typeorm';

/**
 * Shards of each counter row: concurrent changes of one event spread over them. A booking holds its shard's
 * lock from this change to its commit, which from a busy Node process takes milliseconds, so the shards
 * bound how many bookings of one event commit at once; 32 keeps that bound above what the claims of
 * place_claims let through (the change from 4 was not measured on its own: the stack's CPU bounds the sale
 * here). Reads add the shards up, so the number can change at any time.
 */
export const STAT_SHARDS = 32;

/** A change to an event's counters, in the transaction that makes it. */
export interface StatChange {
  eventId: string;
  bookings?: number;
  cancellations?: number;
  /** Places sold (negative: given back). */
  tickets?: number;
  rsvpYes?: number;
}

/** The only writer of `event_stats`, `event_daily_stats` and `organizer_daily_stats`. */
@Injectable()
export class StatsRepository {
  /** Adds the change to the event's totals, its UTC day, and its organizer's day, in one statement. */
  async add(manager: EntityManager, change: StatChange): Promise<void> {
    const bookings = change.bookings ?? 0;
    const cancellations = change.cancellations ?? 0;
    const tickets = change.tickets ?? 0;
    const rsvpYes = change.rsvpYes ?? 0;
    if (bookings === 0 && cancellations === 0 && tickets === 0 && rsvpYes === 0) return;
    await manager.query(
      `WITH today AS (SELECT (clock_timestamp() AT TIME ZONE 'UTC')::date AS day),
       totals AS (
         INSERT INTO event_stats (event_id, shard, bookings, cancellations, tickets, rsvp_yes)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (event_id, shard) DO UPDATE SET bookings = event_stats.bookings + EXCLUDED.bookings,
           cancellations = event_stats.cancellations + EXCLUDED.cancellations,
           tickets = event_stats.tickets + EXCLUDED.tickets, rsvp_yes = event_stats.rsvp_yes + EXCLUDED.rsvp_yes
         RETURNING 1),
       days AS (
         INSERT INTO event_daily_stats (event_id, day, shard, bookings, tickets, cancellations)
         SELECT $1, day, $2, $3, $5, $4 FROM today WHERE $3 <> 0 OR $4 <> 0 OR $5 <> 0
         ON CONFLICT (event_id, day, shard) DO UPDATE SET bookings = event_daily_stats.bookings + EXCLUDED.bookings,
           tickets = event_daily_stats.tickets + EXCLUDED.tickets,
           cancellations = event_daily_stats.cancellations + EXCLUDED.cancellations
         RETURNING 1),
       organizer_days AS (
         INSERT INTO organizer_daily_stats (organizer_id, day, shard, bookings, tickets, cancellations)
         SELECT i.organizer_id, today.day, $2, $3, $5, $4 FROM inventory i, today
         WHERE i.event_id = $1 AND ($3 <> 0 OR $4 <> 0 OR $5 <> 0)
         ON CONFLICT (organizer_id, day, shard) DO UPDATE
           SET bookings = organizer_daily_stats.bookings + EXCLUDED.bookings,
             tickets = organizer_daily_stats.tickets + EXCLUDED.tickets,
             cancellations = organizer_daily_stats.cancellations + EXCLUDED.cancellations
         RETURNING 1)
       SELECT (SELECT count(*) FROM totals) + (SELECT count(*) FROM days) + (SELECT count(*) FROM organizer_days) AS n`,
      [change.eventId, randomInt(STAT_SHARDS), bookings, cancellations, tickets, rsvpYes],
    );
  }
}
