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

/**
 * The only writer of `event_stats`, `event_daily_stats` and `organizer_daily_stats`, through add_event_stats()
 * (which book_claimed() calls too, for a claimed booking).
 */
@Injectable()
export class StatsRepository {
  /** Adds the change to the event's totals, its UTC day, and its organizer's day (add_event_stats), on a random shard. */
  async add(manager: EntityManager, change: StatChange): Promise<void> {
    const bookings = change.bookings ?? 0;
    const cancellations = change.cancellations ?? 0;
    const tickets = change.tickets ?? 0;
    const rsvpYes = change.rsvpYes ?? 0;
    if (bookings === 0 && cancellations === 0 && tickets === 0 && rsvpYes === 0) return;
    await manager.query(`SELECT add_event_stats($1, $2, $3, $4, $5, $6)`, [
      change.eventId,
      this.shard(),
      bookings,
      cancellations,
      tickets,
      rsvpYes,
    ]);
  }

  /** A shard for the next change (for a statement that calls add_event_stats itself). */
  shard(): number {
    return randomInt(STAT_SHARDS);
  }
}
