import { EventSnapshot } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { SeatHolders, SeatRow } from './inventory.rules';

/**
 * The only reader and writer of `seats`: each seat of a seated event, and the booking or waiting-list hold
 * that has it. Filled by: event.published, event.updated (seats added, never removed).
 */
@Injectable()
export class SeatRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Adds the seats not yet known; existing seats keep who holds them, and take the ticket type their section
   * names now (facts before version 5 name none: the type stays as it was).
   */
  async addSeats(manager: EntityManager, eventId: string, seats: NonNullable<EventSnapshot['seats']>) {
    await manager.query(
      `INSERT INTO seats (event_id, label, section, row_number, seat_number, ticket_type_id)
       SELECT $1, s.label, s.section, s.row, s.number, s."ticketTypeId"
       FROM jsonb_to_recordset($2::jsonb)
         AS s(label text, section text, "row" integer, "number" integer, "ticketTypeId" uuid)
       ON CONFLICT (event_id, label) DO UPDATE SET ticket_type_id = EXCLUDED.ticket_type_id
       WHERE EXCLUDED.ticket_type_id IS NOT NULL
         AND seats.ticket_type_id IS DISTINCT FROM EXCLUDED.ticket_type_id`,
      [eventId, JSON.stringify(seats)],
    );
    await manager.query(
      `UPDATE inventory SET seat_count = (SELECT count(*) FROM seats WHERE event_id = $1) WHERE event_id = $1`,
      [eventId],
    );
  }

  /** Seats neither booked nor held. */
  async freeSeatCount(manager: EntityManager, eventId: string): Promise<number> {
    const [row] = await manager.query<{ free: number }[]>(
      `SELECT count(*)::int AS free FROM seats WHERE event_id = $1 AND booking_id IS NULL AND held_by IS NULL`,
      [eventId],
    );
    return row.free;
  }

  /**
   * Holds up to `count` free seats for `holdId`, those in `preferred` first, then in plan order; returns the
   * labels held (fewer than `count` only if a booking took one meanwhile).
   */
  async holdSeats(
    manager: EntityManager,
    eventId: string,
    holdId: string,
    count: number,
    preferred: string[],
  ): Promise<string[]> {
    const rows = await manager.query<{ label: string }[]>(
      `WITH picked AS (
         SELECT label FROM seats WHERE event_id = $1 AND booking_id IS NULL AND held_by IS NULL
         ORDER BY label = ANY($4::text[]) DESC, section, row_number, seat_number
         LIMIT $3 FOR UPDATE),
       held AS (
         UPDATE seats s SET held_by = $2 FROM picked
         WHERE s.event_id = $1 AND s.label = picked.label AND s.booking_id IS NULL AND s.held_by IS NULL
         RETURNING s.label)
       SELECT label FROM held ORDER BY label COLLATE "C"`,
      [eventId, holdId, count, preferred],
    );
    return rows.map((r) => r.label);
  }

  /** Frees the seats held for these holds. */
  async releaseHeldSeats(manager: EntityManager, holdIds: string[]): Promise<void> {
    if (holdIds.length === 0) return;
    await manager.query(`UPDATE seats SET held_by = NULL WHERE held_by = ANY($1::uuid[])`, [holdIds]);
  }

  /** Books the seats held for `holdId`; returns the labels booked. */
  async bookHeldSeats(manager: EntityManager, eventId: string, holdId: string, bookingId: string) {
    const rows = await manager.query<{ label: string }[]>(
      `WITH booked AS (
         UPDATE seats SET booking_id = $3, held_by = NULL
         WHERE event_id = $1 AND held_by = $2 AND booking_id IS NULL RETURNING label)
       SELECT label FROM booked ORDER BY label COLLATE "C"`,
      [eventId, holdId, bookingId],
    );
    return rows.map((r) => r.label);
  }

  /** `labels` of the event as they are now, without a lock: who holds each. */
  findSeats(manager: EntityManager, eventId: string, labels: string[]): Promise<SeatHolders[]> {
    return manager.query<SeatHolders[]>(
      `SELECT label, booking_id, held_by, ticket_type_id FROM seats WHERE event_id = $1 AND label = ANY($2::text[])`,
      [eventId, labels],
    );
  }

  /** Locks `labels` of the event in label order (overlapping requests cannot deadlock); who holds each. */
  lockSeats(manager: EntityManager, eventId: string, labels: string[]) {
    return manager.query<SeatHolders[]>(
      `SELECT label, booking_id, held_by, ticket_type_id FROM seats
       WHERE event_id = $1 AND label = ANY($2::text[]) ORDER BY label COLLATE "C" FOR UPDATE`,
      [eventId, labels],
    );
  }

  /** Locks every seat of the event, in the same label order. */
  async lockAllSeats(manager: EntityManager, eventId: string): Promise<void> {
    await manager.query(
      `SELECT count(*) FROM (SELECT 1 FROM seats WHERE event_id = $1 ORDER BY label COLLATE "C" FOR UPDATE) locked`,
      [eventId],
    );
  }

  async assignSeats(manager: EntityManager, eventId: string, labels: string[], bookingId: string) {
    await manager.query(`UPDATE seats SET booking_id = $3 WHERE event_id = $1 AND label = ANY($2::text[])`, [
      eventId,
      labels,
      bookingId,
    ]);
  }

  async freeSeatsOf(manager: EntityManager, bookingIds: string[]): Promise<void> {
    if (bookingIds.length === 0) return;
    await manager.query(`UPDATE seats SET booking_id = NULL WHERE booking_id = ANY($1::uuid[])`, [
      bookingIds,
    ]);
  }

  seatMap(eventId: string): Promise<SeatRow[]> {
    return this.dataSource.query<SeatRow[]>(
      `SELECT label, section, row_number AS "row", seat_number AS "number", ticket_type_id AS "ticketTypeId",
              booking_id IS NOT NULL AS booked, held_by IS NOT NULL AS held
       FROM seats WHERE event_id = $1 ORDER BY section, row_number, seat_number`,
      [eventId],
    );
  }
}
