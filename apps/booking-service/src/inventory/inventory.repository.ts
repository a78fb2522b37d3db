import { EventSnapshot } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { InventoryEntity, InventoryStatus } from './inventory.entity';

export interface SeatRow {
  label: string;
  section: string;
  row: number;
  number: number;
  booked: boolean;
  held: boolean;
}

/** A seat, and the booking or waiting-list hold that has it (both null: free). */
export interface SeatHolders {
  label: string;
  booking_id: string | null;
  held_by: string | null;
}

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
  capacity: number | null;
  seat_count: number;
  sold: number;
  held: number;
  waiting: number;
  waitlist_enabled: boolean;
  waitlist_offer_minutes: number;
}

const INVENTORY_COLUMNS = `event_id, event_version, organizer_id, title, status, visibility, venue_name, venue_city,
  venue_address, starts_at, ends_at, capacity, seat_count, sold, held, waiting, waitlist_enabled, waitlist_offer_minutes`;

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
    capacity: r.capacity,
    seatCount: r.seat_count,
    sold: r.sold,
    held: r.held,
    waiting: r.waiting,
    waitlistEnabled: r.waitlist_enabled,
    waitlistOfferMinutes: r.waitlist_offer_minutes,
  });

/** What makes a place claim abandoned: its age past the TTL, or the death of the instance that holds it. */
export interface ClaimSweep {
  ttlSeconds: number;
  goneSeconds: number;
}

/** SQL: the claim `c` is abandoned, given the parameters that hold the TTL and the instance's silence. */
const abandoned = (
  ttl: string,
  gone: string,
) => `(c.created_at <= clock_timestamp() - make_interval(secs => ${ttl})
  OR (c.claimed_by IS NOT NULL AND booking_instance_gone(c.claimed_by, ${gone})))`;

/**
 * The only reader and writer of `inventory` (the event replica and GA places sold) and `seats`.
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

  private async readEvent(manager: EntityManager, eventId: string, lock: '' | 'FOR NO KEY UPDATE') {
    const [row] = await manager.query<InventoryRow[]>(
      `SELECT ${INVENTORY_COLUMNS} FROM inventory WHERE event_id = $1 ${lock}`,
      [eventId],
    );
    return row ? toEntity(row) : null;
  }

  isOrganizer(eventId: string, userId: string): Promise<boolean> {
    return this.dataSource.manager.existsBy(InventoryEntity, { eventId, organizerId: userId });
  }

  /** Stores the snapshot unless a newer version is held; locks the row. Returns whether it was applied. */
  async upsertSnapshot(manager: EntityManager, snapshot: EventSnapshot): Promise<boolean> {
    const applied = await manager.query<unknown[]>(
      `INSERT INTO inventory (event_id, event_version, organizer_id, title, status, visibility, starts_at, ends_at,
                              capacity, waitlist_enabled, waitlist_offer_minutes, venue_name, venue_city, venue_address)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (event_id) DO UPDATE SET
         event_version = EXCLUDED.event_version, organizer_id = EXCLUDED.organizer_id, title = EXCLUDED.title,
         status = EXCLUDED.status, visibility = EXCLUDED.visibility, starts_at = EXCLUDED.starts_at,
         ends_at = EXCLUDED.ends_at, capacity = EXCLUDED.capacity, waitlist_enabled = EXCLUDED.waitlist_enabled,
         waitlist_offer_minutes = EXCLUDED.waitlist_offer_minutes, venue_name = EXCLUDED.venue_name,
         venue_city = EXCLUDED.venue_city, venue_address = EXCLUDED.venue_address, updated_at = clock_timestamp()
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
      ],
    );
    return applied.length > 0;
  }

  /** Adds the seats not yet known; existing seats (and who holds them) are left as they are. */
  async addSeats(manager: EntityManager, eventId: string, seats: NonNullable<EventSnapshot['seats']>) {
    await manager.query(
      `INSERT INTO seats (event_id, label, section, row_number, seat_number)
       SELECT $1, s.label, s.section, s.row, s.number
       FROM jsonb_to_recordset($2::jsonb) AS s(label text, section text, "row" integer, "number" integer)
       ON CONFLICT (event_id, label) DO NOTHING`,
      [eventId, JSON.stringify(seats)],
    );
    await manager.query(
      `UPDATE inventory SET seat_count = (SELECT count(*) FROM seats WHERE event_id = $1) WHERE event_id = $1`,
      [eventId],
    );
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

  /**
   * Takes `quantity` general-admission places and as many of the buyer's tickets (up to `limit`) for a
   * booking in flight, in one statement of its own (claim_places, not in the booking's transaction): the
   * event's row is locked for this statement alone. The claim's id, or why not.
   */
  async claim(
    eventId: string,
    userId: string,
    quantity: number,
    limit: number,
    instance: { id: string; goneSeconds: number },
  ): Promise<{ claim: string } | { refusal: 'LIMIT_EXCEEDED' | 'UNAVAILABLE' }> {
    const [row] = await this.dataSource.query<
      { claim_id: string | null; refusal: 'LIMIT_EXCEEDED' | 'UNAVAILABLE' }[]
    >(`SELECT claim_id, refusal FROM claim_places_for($1, $2, $3, $4, $5, $6)`, [
      eventId,
      userId,
      quantity,
      limit,
      instance.id,
      instance.goneSeconds,
    ]);
    return row.claim_id ? { claim: row.claim_id } : { refusal: row.refusal };
  }

  /**
   * Gives a claim's places and tickets back (the caller holds the holder's ticket row and the event's row).
   * Only while the claim exists: a booking that committed deleted it, so this cannot give back places that
   * were sold. With `sweep`, only an abandoned claim: older than the TTL, or held by an instance that is gone
   * (the sweeper's case; checked again here, in the statement that deletes it).
   */
  async releaseClaim(manager: EntityManager, claimId: string, sweep?: ClaimSweep): Promise<number> {
    const rows = await manager.query<{ quantity: number }[]>(
      `WITH gone AS (
         DELETE FROM place_claims c
         WHERE c.id = $1 AND ($2::numeric IS NULL OR ${abandoned('$2', '$3')})
         RETURNING event_id, user_id, quantity),
       tickets AS (
         UPDATE user_event_tickets t SET tickets = t.tickets - gone.quantity FROM gone
         WHERE t.event_id = gone.event_id AND t.user_id = gone.user_id),
       back AS (
         UPDATE inventory i SET sold = i.sold - gone.quantity FROM gone WHERE i.event_id = gone.event_id
         RETURNING gone.quantity)
       SELECT quantity FROM back`,
      [claimId, sweep?.ttlSeconds ?? null, sweep?.goneSeconds ?? null],
    );
    return rows[0]?.quantity ?? 0;
  }

  /** Every claim of the event given back (it was cancelled; the caller holds its ticket rows and its row). */
  async voidClaims(manager: EntityManager, eventId: string): Promise<void> {
    await manager.query(
      `WITH gone AS (DELETE FROM place_claims WHERE event_id = $1 RETURNING user_id, quantity),
       per_user AS (SELECT user_id, sum(quantity)::int AS quantity FROM gone GROUP BY user_id),
       tickets AS (
         UPDATE user_event_tickets t SET tickets = t.tickets - per_user.quantity FROM per_user
         WHERE t.event_id = $1 AND t.user_id = per_user.user_id)
       UPDATE inventory SET sold = sold - (SELECT coalesce(sum(quantity), 0) FROM gone)
       WHERE event_id = $1 AND EXISTS (SELECT 1 FROM gone)`,
      [eventId],
    );
  }

  async hasClaims(eventId: string, userId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM place_claims WHERE event_id = $1 AND user_id = $2 LIMIT 1`,
      [eventId, userId],
    );
    return rows.length > 0;
  }

  /** Abandoned claims (older than the TTL, or of an instance that is gone), oldest first. */
  abandonedClaims(
    sweep: ClaimSweep,
    limit: number,
  ): Promise<{ id: string; eventId: string; userId: string }[]> {
    return this.dataSource.query(
      `SELECT c.id, c.event_id AS "eventId", c.user_id AS "userId" FROM place_claims c
       WHERE ${abandoned('$1', '$2')} ORDER BY c.created_at LIMIT $3`,
      [sweep.ttlSeconds, sweep.goneSeconds, limit],
    );
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

  /** The next joining number of the event's waiting list (the caller holds the row's lock). */
  async nextWaitlistSeq(manager: EntityManager, eventId: string): Promise<number> {
    const [row] = await manager.query<{ seq: string }[]>(
      `WITH next AS (UPDATE inventory SET waitlist_seq = waitlist_seq + 1 WHERE event_id = $1 RETURNING waitlist_seq)
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

  /** `labels` of the event as they are now, without a lock: who holds each. */
  findSeats(manager: EntityManager, eventId: string, labels: string[]): Promise<SeatHolders[]> {
    return manager.query<SeatHolders[]>(
      `SELECT label, booking_id, held_by FROM seats WHERE event_id = $1 AND label = ANY($2::text[])`,
      [eventId, labels],
    );
  }

  /** Locks `labels` of the event in label order (overlapping requests cannot deadlock); who holds each. */
  lockSeats(manager: EntityManager, eventId: string, labels: string[]) {
    return manager.query<SeatHolders[]>(
      `SELECT label, booking_id, held_by FROM seats WHERE event_id = $1 AND label = ANY($2::text[])
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
      `SELECT label, section, row_number AS "row", seat_number AS "number", booking_id IS NOT NULL AS booked,
              held_by IS NOT NULL AS held
       FROM seats WHERE event_id = $1 ORDER BY section, row_number, seat_number`,
      [eventId],
    );
  }
}
