import { EventSnapshotV1 } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { InventoryEntity } from './inventory.entity';

export interface SeatRow {
  label: string;
  section: string;
  row: number;
  number: number;
  booked: boolean;
}

/** The only reader and writer of `inventory` (the event replica and GA places sold) and `seats`. */
@Injectable()
export class InventoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(eventId: string, manager: EntityManager = this.dataSource.manager): Promise<InventoryEntity | null> {
    return manager.findOneBy(InventoryEntity, { eventId });
  }

  isOrganizer(eventId: string, userId: string): Promise<boolean> {
    return this.dataSource.manager.existsBy(InventoryEntity, { eventId, organizerId: userId });
  }

  /** Stores the snapshot unless a newer version is held; locks the row. Returns whether it was applied. */
  async upsertSnapshot(manager: EntityManager, snapshot: EventSnapshotV1): Promise<boolean> {
    const applied = await manager.query<unknown[]>(
      `INSERT INTO inventory (event_id, event_version, organizer_id, title, status, visibility, starts_at, ends_at, capacity)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (event_id) DO UPDATE SET
         event_version = EXCLUDED.event_version, organizer_id = EXCLUDED.organizer_id, title = EXCLUDED.title,
         status = EXCLUDED.status, visibility = EXCLUDED.visibility, starts_at = EXCLUDED.starts_at,
         ends_at = EXCLUDED.ends_at, capacity = EXCLUDED.capacity, updated_at = clock_timestamp()
       WHERE inventory.event_version < EXCLUDED.event_version
       RETURNING event_id`,
      [
        snapshot.eventId,
        snapshot.version,
        snapshot.organizerId,
        snapshot.title,
        snapshot.status,
        snapshot.visibility,
        snapshot.startsAt,
        snapshot.endsAt,
        snapshot.capacity,
      ],
    );
    return applied.length > 0;
  }

  /** Adds the seats not yet known; existing seats (and who holds them) are left as they are. */
  async addSeats(manager: EntityManager, eventId: string, seats: NonNullable<EventSnapshotV1['seats']>) {
    await manager.query(
      `INSERT INTO seats (event_id, label, section, row_number, seat_number)
       SELECT $1, s.label, s.section, s.row, s.number
       FROM jsonb_to_recordset($2::jsonb) AS s(label text, section text, "row" integer, "number" integer)
       ON CONFLICT (event_id, label) DO NOTHING`,
      [eventId, JSON.stringify(seats)],
    );
  }

  /** Adds `quantity` to what is sold if it still fits: the one statement that decides against overselling. */
  async sell(manager: EntityManager, eventId: string, quantity: number): Promise<boolean> {
    // In a CTE: TypeORM answers a bare UPDATE with [rows, count] instead of the rows.
    const sold = await manager.query<unknown[]>(
      `WITH sale AS (
         UPDATE inventory SET sold = sold + $2
         WHERE event_id = $1 AND status = 'published' AND starts_at > clock_timestamp()
           AND capacity IS NOT NULL AND sold + $2 <= capacity
         RETURNING sold)
       SELECT sold FROM sale`,
      [eventId, quantity],
    );
    return sold.length > 0;
  }

  /** Gives back general-admission places, summed per event. */
  async returnPlaces(manager: EntityManager, places: { eventId: string; quantity: number }[]): Promise<void> {
    if (places.length === 0) return;
    await manager.query(
      `UPDATE inventory i SET sold = greatest(0, i.sold - c.quantity)
       FROM (SELECT event_id, sum(quantity)::int AS quantity FROM unnest($1::uuid[], $2::int[]) AS t(event_id, quantity)
             GROUP BY event_id) c
       WHERE i.event_id = c.event_id`,
      [places.map((p) => p.eventId), places.map((p) => p.quantity)],
    );
  }

  /** Locks the event's row; its start time, for the caller's rules. */
  async lockEvent(manager: EntityManager, eventId: string): Promise<{ startsAt: Date } | undefined> {
    const [row] = await manager.query<{ starts_at: Date }[]>(
      `SELECT starts_at FROM inventory WHERE event_id = $1 FOR UPDATE`,
      [eventId],
    );
    return row ? { startsAt: row.starts_at } : undefined;
  }

  async markCancelled(manager: EntityManager, eventId: string): Promise<void> {
    await manager.query(`UPDATE inventory SET status = 'cancelled' WHERE event_id = $1`, [eventId]);
  }

  /** Locks `labels` of the event in label order (overlapping requests cannot deadlock); who holds each. */
  lockSeats(manager: EntityManager, eventId: string, labels: string[]) {
    return manager.query<{ label: string; booking_id: string | null }[]>(
      `SELECT label, booking_id FROM seats WHERE event_id = $1 AND label = ANY($2::text[])
       ORDER BY label COLLATE "C" FOR UPDATE`,
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
      `SELECT label, section, row_number AS "row", seat_number AS "number", booking_id IS NOT NULL AS booked
       FROM seats WHERE event_id = $1 ORDER BY section, row_number, seat_number`,
      [eventId],
    );
  }
}
