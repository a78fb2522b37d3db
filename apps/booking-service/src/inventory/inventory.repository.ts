import { EventSnapshot, OnSale, Question, TicketType } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { InventoryEntity, InventoryStatus } from './inventory.entity';

interface InventoryRow {
  event_id: string;
  event_version: number;
  organizer_id: string;
  title: string;
  status: InventoryStatus;
  visibility: string;
  venue_name: string;
  venue_city: string;
  venue_address: string | null;
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
  ticket_types: TicketType[];
  capacity: number | null;
  seat_count: number;
  sold: number;
  held: number;
  waiting: number;
  waitlist_enabled: boolean;
  waitlist_offer_minutes: number;
  refund_window_hours: number | null;
  on_sale: OnSale | null;
}

const INVENTORY_COLUMNS = `event_id, event_version, organizer_id, title, status, visibility, venue_name, venue_city,
  venue_address, starts_at, ends_at, time_zone, ticket_types, capacity, seat_count, sold, held, waiting, waitlist_enabled, waitlist_offer_minutes,
  refund_window_hours, on_sale`;

const toEntity = (r: InventoryRow): InventoryEntity =>
  Object.assign(new InventoryEntity(), {
    eventId: r.event_id,
    eventVersion: r.event_version,
    organizerId: r.organizer_id,
    title: r.title,
    status: r.status,
    visibility: r.visibility,
    venueName: r.venue_name,
    venueCity: r.venue_city,
    venueAddress: r.venue_address,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    timeZone: r.time_zone,
    ticketTypes: r.ticket_types,
    capacity: r.capacity,
    seatCount: r.seat_count,
    sold: r.sold,
    held: r.held,
    waiting: r.waiting,
    waitlistEnabled: r.waitlist_enabled,
    waitlistOfferMinutes: r.waitlist_offer_minutes,
    refundWindowHours: r.refund_window_hours,
    onSale: r.on_sale,
  });

/**
 * The only reader and writer of `inventory`: the event replica, and its counts of general-admission places
 * sold and held and of entries waiting.
 * Filled by: event.published, event.updated, event.cancelled, event.completed (the replica's columns).
 */
@Injectable()
export class InventoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The event's row. In plain SQL rather than through the entity manager: every booking request reads it
   * first, and the query builder's SQL generation and hydration were a visible part of its CPU.
   */
  find(eventId: string, manager: EntityManager = this.dataSource.manager): Promise<InventoryEntity | null> {
    return this.readEvent(manager, eventId, '');
  }

  /** The events of `eventIds` that the replica holds (for what a list of bookings shows of each). */
  async findMany(eventIds: string[]): Promise<InventoryEntity[]> {
    if (eventIds.length === 0) return [];
    const rows = await this.dataSource.query<InventoryRow[]>(
      `SELECT ${INVENTORY_COLUMNS} FROM inventory WHERE event_id = ANY($1::uuid[])`,
      [eventIds],
    );
    return rows.map(toEntity);
  }

  /**
   * The event as an order reads its ticket types: FOR KEY SHARE, which every order and claim may hold at
   * once, and which only `lockTypes` waits for (so that types change between orders, never under one).
   */
  findForOrder(manager: EntityManager, eventId: string): Promise<InventoryEntity | null> {
    return this.readEvent(manager, eventId, 'FOR KEY SHARE');
  }

  /** Locks the row FOR UPDATE: waits until every order that read the types in flight has committed. */
  async lockTypes(manager: EntityManager, eventId: string): Promise<void> {
    await manager.query(`SELECT 1 FROM inventory WHERE event_id = $1 FOR UPDATE`, [eventId]);
  }

  private async readEvent(
    manager: EntityManager,
    eventId: string,
    lock: '' | 'FOR NO KEY UPDATE' | 'FOR KEY SHARE',
  ) {
    const [row] = await manager.query<InventoryRow[]>(
      `SELECT ${INVENTORY_COLUMNS} FROM inventory WHERE event_id = $1 ${lock}`,
      [eventId],
    );
    return row ? toEntity(row) : null;
  }

  /** What the event asks of each attendee (kept out of the rows the sale reads). */
  async questionsOf(eventId: string): Promise<Question[]> {
    const [row] = await this.dataSource.query<{ questions: Question[] }[]>(
      `SELECT questions FROM inventory WHERE event_id = $1`,
      [eventId],
    );
    return row?.questions ?? [];
  }

  /** Events on sale through a queue that has opened (and whose event has not ended): what the admitter runs. */
  async openQueues(
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ eventId: string; onSale: OnSale }[]> {
    return manager.query<{ eventId: string; onSale: OnSale }[]>(
      `SELECT event_id AS "eventId", on_sale AS "onSale" FROM inventory
       WHERE (on_sale->>'queue')::boolean AND status = 'published' AND ends_at > now()
         AND (on_sale->>'opensAt')::timestamptz <= now()`,
    );
  }

  isOrganizer(eventId: string, userId: string): Promise<boolean> {
    return this.dataSource.manager.existsBy(InventoryEntity, { eventId, organizerId: userId });
  }

  /** Stores the snapshot unless a newer version is held; locks the row. Returns whether it was applied. */
  async upsertSnapshot(manager: EntityManager, snapshot: EventSnapshot): Promise<boolean> {
    const applied = await manager.query<unknown[]>(
      `INSERT INTO inventory (event_id, event_version, organizer_id, title, status, visibility, starts_at, ends_at,
                              capacity, waitlist_enabled, waitlist_offer_minutes, venue_name, venue_city, venue_address,
                              time_zone, ticket_types, refund_window_hours, questions, on_sale)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
       ON CONFLICT (event_id) DO UPDATE SET
         event_version = EXCLUDED.event_version, organizer_id = EXCLUDED.organizer_id, title = EXCLUDED.title,
         status = EXCLUDED.status, visibility = EXCLUDED.visibility, starts_at = EXCLUDED.starts_at,
         ends_at = EXCLUDED.ends_at, capacity = EXCLUDED.capacity, waitlist_enabled = EXCLUDED.waitlist_enabled,
         waitlist_offer_minutes = EXCLUDED.waitlist_offer_minutes, venue_name = EXCLUDED.venue_name,
         venue_city = EXCLUDED.venue_city, venue_address = EXCLUDED.venue_address,
         time_zone = EXCLUDED.time_zone, ticket_types = EXCLUDED.ticket_types,
         refund_window_hours = EXCLUDED.refund_window_hours, questions = EXCLUDED.questions,
         on_sale = EXCLUDED.on_sale, updated_at = clock_timestamp()
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
        snapshot.waitlist.enabled,
        snapshot.waitlist.offerMinutes,
        snapshot.venue.name,
        snapshot.venue.city,
        snapshot.venue.address,
        snapshot.timeZone,
        JSON.stringify(snapshot.ticketTypes),
        snapshot.refundWindowHours,
        JSON.stringify(snapshot.questions),
        snapshot.onSale ? JSON.stringify(snapshot.onSale) : null,
      ],
    );
    return applied.length > 0;
  }

  /**
   * Adds `quantity` to what is sold if it still fits beside what is sold and held for offers: the one
   * statement that decides against overselling.
   */
  async sell(manager: EntityManager, eventId: string, quantity: number): Promise<boolean> {
    // In a CTE: TypeORM answers a bare UPDATE with [rows, count] instead of the rows.
    const sold = await manager.query<unknown[]>(
      `WITH sale AS (
         UPDATE inventory SET sold = sold + $2
         WHERE event_id = $1 AND status = 'published' AND starts_at > clock_timestamp()
           AND capacity IS NOT NULL AND sold + held + $2 <= capacity
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

  /**
   * Locks the event's row and reads it. FOR NO KEY UPDATE, like the UPDATEs that sell: it serialises every
   * change of the row, yet lets bookings in flight keep the key-share lock their foreign key takes on it
   * (FOR UPDATE would wait for them while they wait for it to sell: a deadlock).
   */
  lockEvent(manager: EntityManager, eventId: string): Promise<InventoryEntity | null> {
    return this.readEvent(manager, eventId, 'FOR NO KEY UPDATE');
  }

  /**
   * One more waiting: the next joining number of the event's waiting list, the waiting count +1 (one
   * statement: the caller holds the row's lock, and every joiner of the event waits for it).
   */
  async joinWaitingList(manager: EntityManager, eventId: string): Promise<number> {
    const [row] = await manager.query<{ seq: string }[]>(
      // Through a CTE: TypeORM answers a bare UPDATE ... RETURNING with [rows, count], a SELECT with rows.
      `WITH next AS (
         UPDATE inventory SET waitlist_seq = waitlist_seq + 1, waiting = waiting + 1 WHERE event_id = $1
         RETURNING waitlist_seq
       )
       SELECT waitlist_seq AS seq FROM next`,
      [eventId],
    );
    return Number(row.seq);
  }

  /** Counts entries joining (+) or leaving (-) the waiting state. */
  async changeWaiting(manager: EntityManager, eventId: string, delta: number): Promise<void> {
    await manager.query(`UPDATE inventory SET waiting = greatest(0, waiting + $2) WHERE event_id = $1`, [
      eventId,
      delta,
    ]);
  }

  /** Moves general-admission places between free and held (negative `quantity` gives them back). */
  async changeHeld(manager: EntityManager, eventId: string, quantity: number): Promise<void> {
    await manager.query(`UPDATE inventory SET held = greatest(0, held + $2) WHERE event_id = $1`, [
      eventId,
      quantity,
    ]);
  }

  /**
   * Turns held places into sold ones; false if fewer are held, or if the capacity was cut below what they
   * would make sold (a hold never oversells).
   */
  async sellHeld(manager: EntityManager, eventId: string, quantity: number): Promise<boolean> {
    const sold = await manager.query<unknown[]>(
      `WITH sale AS (
         UPDATE inventory SET held = held - $2, sold = sold + $2
         WHERE event_id = $1 AND held >= $2 AND sold + $2 <= capacity RETURNING sold)
       SELECT sold FROM sale`,
      [eventId, quantity],
    );
    return sold.length > 0;
  }

  /** The event has ended: nothing more is sold (a cancelled event stays cancelled). */
  async markCompleted(manager: EntityManager, eventId: string): Promise<void> {
    await manager.query(
      `UPDATE inventory SET status = 'completed' WHERE event_id = $1 AND status = 'published'`,
      [eventId],
    );
  }

  async markCancelled(manager: EntityManager, eventId: string): Promise<void> {
    await manager.query(`UPDATE inventory SET status = 'cancelled' WHERE event_id = $1`, [eventId]);
  }
}
