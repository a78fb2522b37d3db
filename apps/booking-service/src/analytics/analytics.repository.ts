import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Null: every organizer (an admin's view). */
export type Scope = string | null;

export interface Totals {
  events: number;
  capacity: number;
  ticketsSold: number;
  bookings: number;
  cancellations: number;
  waitlisted: number;
  rsvpYes: number;
}

export interface Activity {
  bookings: number;
  tickets: number;
  cancellations: number;
}

const ratio = (sold: number, capacity: number) =>
  capacity > 0 ? Math.min(1, Math.max(0, sold / capacity)) : 0;
export { ratio as utilization };

/**
 * Analytics reads: the sales counters (shards added up) joined with the inventory's events (organizer,
 * capacity, venue). Nothing here scans bookings.
 */
@Injectable()
export class AnalyticsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Totals over the scope's events; capacity and events leave cancelled events out. */
  async totals(scope: Scope): Promise<Totals> {
    const [row] = await this.dataSource.query<Totals[]>(
      `WITH ev AS (
         SELECT event_id, status, coalesce(capacity, seat_count) AS capacity, waiting FROM inventory
         WHERE $1::uuid IS NULL OR organizer_id = $1),
       st AS (
         SELECT s.event_id, sum(bookings) AS bookings, sum(cancellations) AS cancellations, sum(tickets) AS tickets,
                sum(rsvp_yes) AS rsvp_yes
         FROM event_stats s JOIN ev USING (event_id) GROUP BY s.event_id)
       SELECT count(*) FILTER (WHERE ev.status <> 'cancelled')::int AS events,
              coalesce(sum(ev.capacity) FILTER (WHERE ev.status <> 'cancelled'), 0)::int AS capacity,
              coalesce(sum(st.tickets), 0)::int AS "ticketsSold",
              coalesce(sum(st.bookings), 0)::int AS bookings,
              coalesce(sum(st.cancellations), 0)::int AS cancellations,
              coalesce(sum(ev.waiting), 0)::int AS waitlisted,
              coalesce(sum(st.rsvp_yes), 0)::int AS "rsvpYes"
       FROM ev LEFT JOIN st USING (event_id)`,
      [scope],
    );
    return row;
  }

  /** Bookings made, net places sold and bookings cancelled on the UTC days from..to (inclusive). */
  async activity(scope: Scope, from: string, to: string): Promise<Activity> {
    const [row] = await this.dataSource.query<Activity[]>(
      `SELECT coalesce(sum(bookings), 0)::int AS bookings, coalesce(sum(tickets), 0)::int AS tickets,
              coalesce(sum(cancellations), 0)::int AS cancellations
       FROM organizer_daily_stats
       WHERE ($1::uuid IS NULL OR organizer_id = $1) AND day BETWEEN $2::date AND $3::date`,
      [scope, from, to],
    );
    return row;
  }

  /** Activity per period ('day' or ISO 'week', starting Monday) from..to, oldest first, empty periods left out. */
  trends(scope: Scope, from: string, to: string, interval: 'day' | 'week') {
    return this.dataSource.query<(Activity & { period: string })[]>(
      `SELECT to_char(date_trunc($4, day), 'YYYY-MM-DD') AS period, sum(bookings)::int AS bookings,
              sum(tickets)::int AS tickets, sum(cancellations)::int AS cancellations
       FROM organizer_daily_stats
       WHERE ($1::uuid IS NULL OR organizer_id = $1) AND day BETWEEN $2::date AND $3::date
       GROUP BY 1 ORDER BY 1`,
      [scope, from, to, interval],
    );
  }

  /** The scope's events by places sold, most first. */
  popular(scope: Scope, limit: number) {
    return this.dataSource.query<{ eventId: string; title: string; ticketsSold: number; capacity: number }[]>(
      `SELECT i.event_id AS "eventId", i.title, coalesce(capacity, seat_count) AS capacity,
              coalesce(st.tickets, 0)::int AS "ticketsSold"
       FROM inventory i
       LEFT JOIN (SELECT event_id, sum(tickets) AS tickets FROM event_stats GROUP BY event_id) st USING (event_id)
       WHERE ($1::uuid IS NULL OR i.organizer_id = $1) AND i.status <> 'cancelled'
       ORDER BY 4 DESC, i.event_id LIMIT $2`,
      [scope, limit],
    );
  }

  /** Per venue (name and city): events, capacity and places sold (cancelled events left out). */
  venues(scope: Scope) {
    return this.dataSource.query<
      { venue: string; city: string; events: number; capacity: number; ticketsSold: number }[]
    >(
      `SELECT i.venue_name AS venue, i.venue_city AS city, count(*)::int AS events,
              sum(coalesce(capacity, seat_count))::int AS capacity, coalesce(sum(st.tickets), 0)::int AS "ticketsSold"
       FROM inventory i
       LEFT JOIN (SELECT event_id, sum(tickets) AS tickets FROM event_stats GROUP BY event_id) st USING (event_id)
       WHERE ($1::uuid IS NULL OR i.organizer_id = $1) AND i.status <> 'cancelled'
       GROUP BY 1, 2 ORDER BY 5 DESC, 1, 2`,
      [scope],
    );
  }

  /** One event's totals. */
  async eventTotals(eventId: string) {
    const [row] = await this.dataSource.query<{ tickets: number; cancellations: number; bookings: number }[]>(
      `SELECT coalesce(sum(tickets), 0)::int AS tickets, coalesce(sum(cancellations), 0)::int AS cancellations,
              coalesce(sum(bookings), 0)::int AS bookings
       FROM event_stats WHERE event_id = $1`,
      [eventId],
    );
    return row;
  }

  /** One event's sales per UTC day, oldest first. */
  salesByDay(eventId: string) {
    return this.dataSource.query<{ date: string; tickets: number; cancellations: number }[]>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS date, sum(tickets)::int AS tickets, sum(cancellations)::int AS cancellations
       FROM event_daily_stats WHERE event_id = $1 GROUP BY day ORDER BY day`,
      [eventId],
    );
  }
}
