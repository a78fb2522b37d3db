import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAnalytics1764600000000 implements MigrationInterface {
  name = 'CreateAnalytics1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    // Seats of a seated event's plan (its capacity), kept by addSeats.
    await runner.query(`ALTER TABLE inventory ADD COLUMN seat_count integer NOT NULL DEFAULT 0`);
    await runner.query(
      `UPDATE inventory i SET seat_count = (SELECT count(*) FROM seats s WHERE s.event_id = i.event_id)`,
    );
    // Counters changed in the transactions that change bookings and RSVP answers. Each change lands on one
    // of a few shards of a row (chosen at random), so concurrent sales of one event rarely wait on them;
    // reads add the shards up.
    await runner.query(`
      CREATE TABLE event_stats (
        event_id uuid NOT NULL,
        shard smallint NOT NULL,
        -- Bookings made, bookings cancelled, places sold now (bookings + RSVP yes), invitations answered yes.
        bookings integer NOT NULL DEFAULT 0,
        cancellations integer NOT NULL DEFAULT 0,
        tickets integer NOT NULL DEFAULT 0,
        rsvp_yes integer NOT NULL DEFAULT 0,
        PRIMARY KEY (event_id, shard)
      )`);
    // Per UTC day: bookings made, net places sold (cancellations and RSVP changes subtract), bookings cancelled.
    await runner.query(`
      CREATE TABLE event_daily_stats (
        event_id uuid NOT NULL,
        day date NOT NULL,
        shard smallint NOT NULL,
        bookings integer NOT NULL DEFAULT 0,
        tickets integer NOT NULL DEFAULT 0,
        cancellations integer NOT NULL DEFAULT 0,
        PRIMARY KEY (event_id, day, shard)
      )`);
    await runner.query(`
      CREATE TABLE organizer_daily_stats (
        organizer_id uuid NOT NULL,
        day date NOT NULL,
        shard smallint NOT NULL,
        bookings integer NOT NULL DEFAULT 0,
        tickets integer NOT NULL DEFAULT 0,
        cancellations integer NOT NULL DEFAULT 0,
        PRIMARY KEY (organizer_id, day, shard)
      )`);
    await runner.query(`CREATE INDEX organizer_daily_stats_day_idx ON organizer_daily_stats (day)`);
    await runner.query(`CREATE INDEX inventory_organizer_idx ON inventory (organizer_id)`);
    // What existed before: bookings by creation day, cancellations by cancellation day, RSVP holds today.
    await runner.query(`
      INSERT INTO event_stats (event_id, shard, bookings, cancellations, tickets, rsvp_yes)
      SELECT i.event_id, 0,
        (SELECT count(*) FROM bookings b WHERE b.event_id = i.event_id),
        (SELECT count(*) FROM bookings b WHERE b.event_id = i.event_id AND b.status = 'cancelled'),
        (SELECT coalesce(sum(quantity), 0) FROM bookings b WHERE b.event_id = i.event_id AND b.status = 'confirmed')
          + (SELECT coalesce(sum(places), 0) FROM invitations v WHERE v.event_id = i.event_id),
        (SELECT count(*) FROM invitations v WHERE v.event_id = i.event_id AND v.status = 'yes')
      FROM inventory i`);
    await runner.query(`
      INSERT INTO event_daily_stats (event_id, day, shard, bookings, tickets, cancellations)
      SELECT event_id, day, 0, sum(bookings), sum(tickets), sum(cancellations) FROM (
        SELECT event_id, (created_at AT TIME ZONE 'UTC')::date AS day, 1 AS bookings, quantity AS tickets, 0 AS cancellations
        FROM bookings
        UNION ALL
        SELECT event_id, (cancelled_at AT TIME ZONE 'UTC')::date, 0, -quantity, 1 FROM bookings WHERE status = 'cancelled'
        UNION ALL
        SELECT event_id, (coalesce(responded_at, created_at) AT TIME ZONE 'UTC')::date, 0, places, 0
        FROM invitations WHERE places > 0
      ) changes GROUP BY event_id, day`);
    await runner.query(`
      INSERT INTO organizer_daily_stats (organizer_id, day, shard, bookings, tickets, cancellations)
      SELECT i.organizer_id, d.day, 0, sum(d.bookings), sum(d.tickets), sum(d.cancellations)
      FROM event_daily_stats d JOIN inventory i USING (event_id) GROUP BY i.organizer_id, d.day`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX inventory_organizer_idx`);
    await runner.query(`DROP TABLE organizer_daily_stats`);
    await runner.query(`DROP TABLE event_daily_stats`);
    await runner.query(`DROP TABLE event_stats`);
    await runner.query(`ALTER TABLE inventory DROP COLUMN seat_count`);
  }
}
