import { AuthUser } from '@evently/auth';
import { EventSnapshotV1 } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BookingErrorCode, BookingException } from '../booking/booking.exception';
import { canAccess, InventoryEntity, InventoryStatus, isBookable } from './inventory.entity';

export interface SeatState {
  label: string;
  section: string;
  row: number;
  number: number;
  status: 'available' | 'booked';
}

export interface Availability {
  eventId: string;
  status: string;
  bookable: boolean;
  capacity: number;
  booked: number;
  available: number;
  seats?: SeatState[];
}

@Injectable()
export class InventoryService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Applies an event snapshot unless a newer version is already held (facts can arrive out of order after
   * a retry). New seats are added; seats are never removed (event-service forbids it once published).
   * Locks the inventory row for the rest of the transaction. Returns whether the snapshot was applied.
   */
  async applySnapshot(manager: EntityManager, snapshot: EventSnapshotV1): Promise<boolean> {
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
    if (applied.length === 0) return false;
    if (snapshot.seats && snapshot.seats.length > 0) {
      await manager.query(
        `INSERT INTO seats (event_id, label, section, row_number, seat_number)
         SELECT $1, s.label, s.section, s.row, s.number
         FROM jsonb_to_recordset($2::jsonb) AS s(label text, section text, "row" integer, "number" integer)
         ON CONFLICT (event_id, label) DO NOTHING`,
        [snapshot.eventId, JSON.stringify(snapshot.seats)],
      );
    }
    return true;
  }

  /** Counts for any event booking-service knows; with the seat map for a seated one. */
  async availability(eventId: string, caller: AuthUser | undefined): Promise<Availability> {
    const event = await this.dataSource.manager.findOneBy(InventoryEntity, { eventId });
    if (!event || !canAccess(event, caller)) {
      throw new BookingException(BookingErrorCode.EventNotFound, 'No such event');
    }
    const ended = event.status === InventoryStatus.Published && event.endsAt.getTime() <= Date.now();
    const base = {
      eventId,
      status: ended ? InventoryStatus.Completed : event.status,
      bookable: isBookable(event),
    };
    if (event.capacity !== null) {
      return {
        ...base,
        capacity: event.capacity,
        booked: event.sold,
        available: Math.max(0, event.capacity - event.sold),
      };
    }
    const seats = await this.dataSource.query<(Omit<SeatState, 'status'> & { booked: boolean })[]>(
      `SELECT label, section, row_number AS "row", seat_number AS "number", booking_id IS NOT NULL AS booked
       FROM seats WHERE event_id = $1 ORDER BY section, row_number, seat_number`,
      [eventId],
    );
    const booked = seats.filter((s) => s.booked).length;
    return {
      ...base,
      capacity: seats.length,
      booked,
      available: seats.length - booked,
      seats: seats.map(({ booked: taken, ...seat }) => ({ ...seat, status: taken ? 'booked' : 'available' })),
    };
  }
}
