import { MigrationInterface, QueryRunner } from 'typeorm';

export class BookClaimedInOneCall1764800000000 implements MigrationInterface {
  name = 'BookClaimedInOneCall1764800000000';

  async up(runner: QueryRunner): Promise<void> {
    // A change to an event's counters: its totals, its UTC day and its organizer's day, one shard of each (see
    // STAT_SHARDS). It was one statement of StatsRepository's; as a function, book_claimed() makes it too.
    // Days are kept for bookings, tickets and cancellations only (an RSVP alone does not touch them).
    await runner.query(`
      CREATE FUNCTION add_event_stats(p_event uuid, p_shard integer, p_bookings integer,
                                      p_cancellations integer, p_tickets integer, p_rsvp_yes integer)
      RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        v_day date := (clock_timestamp() AT TIME ZONE 'UTC')::date;
      BEGIN
        INSERT INTO event_stats AS s (event_id, shard, bookings, cancellations, tickets, rsvp_yes)
        VALUES (p_event, p_shard, p_bookings, p_cancellations, p_tickets, p_rsvp_yes)
        ON CONFLICT (event_id, shard) DO UPDATE SET bookings = s.bookings + EXCLUDED.bookings,
          cancellations = s.cancellations + EXCLUDED.cancellations, tickets = s.tickets + EXCLUDED.tickets,
          rsvp_yes = s.rsvp_yes + EXCLUDED.rsvp_yes;
        IF p_bookings = 0 AND p_cancellations = 0 AND p_tickets = 0 THEN
          RETURN;
        END IF;
        INSERT INTO event_daily_stats AS d (event_id, day, shard, bookings, tickets, cancellations)
        VALUES (p_event, v_day, p_shard, p_bookings, p_tickets, p_cancellations)
        ON CONFLICT (event_id, day, shard) DO UPDATE SET bookings = d.bookings + EXCLUDED.bookings,
          tickets = d.tickets + EXCLUDED.tickets, cancellations = d.cancellations + EXCLUDED.cancellations;
        INSERT INTO organizer_daily_stats AS o (organizer_id, day, shard, bookings, tickets, cancellations)
        SELECT i.organizer_id, v_day, p_shard, p_bookings, p_tickets, p_cancellations
        FROM inventory i WHERE i.event_id = p_event
        ON CONFLICT (organizer_id, day, shard) DO UPDATE SET bookings = o.bookings + EXCLUDED.bookings,
          tickets = o.tickets + EXCLUDED.tickets, cancellations = o.cancellations + EXCLUDED.cancellations;
      END
      $$`);
    // What is left of a general-admission booking once its places are claimed (claim_places), in one call
    // instead of four statements, each a round trip from a busy process: the claim becomes the booking, with
    // its booking.confirmed fact (the outbox row as OutboxService drafted it) and its counters. In the order
    // the statements ran before (claim, booking, fact, counters): the claim first, as every writer takes it
    // before the counter shards. No row when the claim is gone (given back by the event's cancellation or the
    // sweeper): then nothing is written.
    await runner.query(`
      CREATE FUNCTION book_claimed(p_claim uuid, p_booking uuid, p_user uuid, p_quantity integer,
                                   p_fact_id uuid, p_fact_key text, p_fact jsonb, p_shard integer)
      RETURNS SETOF bookings LANGUAGE plpgsql AS $$
      DECLARE
        v_event uuid;
      BEGIN
        DELETE FROM place_claims WHERE id = p_claim AND user_id = p_user AND quantity = p_quantity
        RETURNING event_id INTO v_event;
        IF NOT FOUND THEN
          RETURN;
        END IF;
        RETURN QUERY
          INSERT INTO bookings (id, event_id, user_id, quantity, seats, status)
          VALUES (p_booking, v_event, p_user, p_quantity, '{}', 'confirmed')
          RETURNING *;
        INSERT INTO outbox (id, routing_key, envelope) VALUES (p_fact_id, p_fact_key, p_fact);
        PERFORM add_event_stats(v_event, p_shard, 1, 0, p_quantity, 0);
      END
      $$`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP FUNCTION book_claimed(uuid, uuid, uuid, integer, uuid, text, jsonb, integer)`);
    await runner.query(`DROP FUNCTION add_event_stats(uuid, integer, integer, integer, integer, integer)`);
  }
}
