import { AuthUser, Role } from '@evently/auth';
import {
  AppException,
  decodeCursor,
  isTimeAndIdKey,
  errorBodyOf,
  InjectConfig,
  Page,
  RequestContext,
  toPage,
} from '@evently/common';
import { BookingCancelledV1, EventCancelledV1, RoutingKeys } from '@evently/contracts';
import { OutboxService } from '@evently/messaging';
import { HttpStatus, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { BookingServiceConfig } from '../config/booking-service.config';
import { canAccess, InventoryEntity, isBookable } from '../inventory/inventory.entity';
import { InventoryService } from '../inventory/inventory.service';
import { BookingEntity, BookingStatus, CancelReason } from './booking.entity';
import { BookingErrorCode, BookingException } from './booking.exception';
import { BookingDto } from './dto/booking.dto';
import { IdempotencyService, RecordedResponse, requestHash } from './idempotency.service';

export interface BookingRequest {
  eventId: string;
  quantity?: number;
  seats?: string[];
}

@Injectable()
export class BookingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly inventory: InventoryService,
    private readonly idempotency: IdempotencyService,
    @InjectConfig() private readonly config: BookingServiceConfig,
  ) {}

  /**
   * Books, or replays the response recorded for the same Idempotency-Key. Business refusals (sold out,
   * seat taken...) are recorded too, so a retried request sees the same answer; an unexpected failure
   * releases the key so that a retry runs again.
   */
  async placeBooking(
    caller: AuthUser,
    request: BookingRequest,
    idempotencyKey?: string,
  ): Promise<RecordedResponse> {
    if (idempotencyKey === undefined) {
      const booking = await this.dataSource.transaction((manager) =>
        this.bookTickets(manager, caller, request),
      );
      return created(booking);
    }
    const outcome = await this.idempotency.claim(caller.id, idempotencyKey, requestHash(request));
    if ('replay' in outcome) return outcome.replay;
    try {
      return await this.dataSource.transaction(async (manager) => {
        const response = created(await this.bookTickets(manager, caller, request));
        await this.idempotency.complete(outcome.claim, response, manager);
        return response;
      });
    } catch (error) {
      if (error instanceof AppException && Number(error.status) < 500) {
        const response = refused(error);
        await this.idempotency.complete(outcome.claim, response);
        return response;
      }
      await this.idempotency.release(outcome.claim);
      throw error;
    }
  }

  /**
   * The booking itself, in the caller's transaction. No global lock: general admission takes only the
   * event's inventory row, with one conditional UPDATE (sold + n <= capacity); seats are locked in label
   * order (so overlapping requests cannot deadlock) and must all be free; the per-user count is one row per
   * (event, user). The contended lock is taken last, so it is held only until the commit. Every refusal
   * throws, so the transaction leaves nothing half-written.
   */
  private async bookTickets(
    manager: EntityManager,
    caller: AuthUser,
    request: BookingRequest,
  ): Promise<BookingEntity> {
    const id = randomUUID();
    const seated = request.seats !== undefined;
    const seats = seated ? [...request.seats!].sort() : [];
    const quantity = seated ? seats.length : (request.quantity ?? 1);
    const event = await manager.findOneBy(InventoryEntity, { eventId: request.eventId });
    if (!event || !canAccess(event, caller)) throw eventNotFound();
    if (!isBookable(event)) throw notBookable(event.status);
    if (seated !== (event.capacity === null)) throw admissionMismatch(event);
    // A rush ends in refusals: most of them are answered here, without a write or a lock.
    if (!seated) assertPlacesLeft(event, quantity);

    await this.reserveUserTickets(manager, request.eventId, caller.id, quantity);
    const [row] = await manager.query<{ created_at: Date }[]>(
      `INSERT INTO bookings (id, event_id, user_id, quantity, seats, status) VALUES ($1, $2, $3, $4, $5, 'confirmed')
       RETURNING created_at`,
      [id, request.eventId, caller.id, quantity, seats],
    );
    await this.outbox.add(manager, RoutingKeys.BookingConfirmed, {
      bookingId: id,
      eventId: request.eventId,
      userId: caller.id,
      quantity,
      seats,
    });
    if (seated) await this.takeSeats(manager, request.eventId, seats, id);
    else await this.sellPlaces(manager, request.eventId, quantity);
    return Object.assign(new BookingEntity(), {
      id,
      eventId: request.eventId,
      userId: caller.id,
      quantity,
      seats,
      status: BookingStatus.Confirmed,
      cancelReason: null,
      createdAt: row.created_at,
      cancelledAt: null,
    });
  }

  /** All of `labels` for `bookingId`, or none: unknown or taken seats are refused by name. */
  private async takeSeats(manager: EntityManager, eventId: string, labels: string[], bookingId: string) {
    const found = await manager.query<{ label: string; booking_id: string | null }[]>(
      `SELECT label, booking_id FROM seats WHERE event_id = $1 AND label = ANY($2::text[])
       ORDER BY label COLLATE "C" FOR UPDATE`,
      [eventId, labels],
    );
    const unknown = labels.filter((label) => !found.some((s) => s.label === label));
    if (unknown.length > 0) {
      throw new BookingException(BookingErrorCode.UnknownSeats, 'This event has no such seats', {
        seats: unknown,
      });
    }
    const taken = found.filter((s) => s.booking_id !== null).map((s) => s.label);
    if (taken.length > 0) {
      throw new BookingException(BookingErrorCode.SeatUnavailable, `Already taken: ${taken.join(', ')}`, {
        seats: taken,
      });
    }
    // Read again with the seats locked: an event cancellation locks every seat before it cancels the
    // bookings, so either it sees this booking, or this booking sees the event cancelled.
    const event = await manager.findOneByOrFail(InventoryEntity, { eventId });
    if (!isBookable(event)) throw notBookable(event.status);
    await manager.query(`UPDATE seats SET booking_id = $3 WHERE event_id = $1 AND label = ANY($2::text[])`, [
      eventId,
      labels,
      bookingId,
    ]);
  }

  /** Adds `quantity` to what is sold if it still fits; the single statement that decides against overselling. */
  private async sellPlaces(manager: EntityManager, eventId: string, quantity: number) {
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
    if (sold.length > 0) return;
    // Refused: say why, from the row as it is now (sold out meanwhile, or cancelled, or started).
    const event = await manager.findOneByOrFail(InventoryEntity, { eventId });
    if (!isBookable(event)) throw notBookable(event.status);
    assertPlacesLeft(event, quantity);
    throw new Error(`sale of ${quantity} refused for ${eventId} with places left`);
  }

  /** Adds to the caller's tickets for the event, refusing to pass the per-user limit. */
  private async reserveUserTickets(
    manager: EntityManager,
    eventId: string,
    userId: string,
    quantity: number,
  ) {
    const limit = this.config.BOOKING_MAX_TICKETS_PER_USER;
    const held = await manager.query<unknown[]>(
      `INSERT INTO user_event_tickets (event_id, user_id, tickets) SELECT $1::uuid, $2::uuid, $3::int WHERE $3::int <= $4::int
       ON CONFLICT (event_id, user_id) DO UPDATE SET tickets = user_event_tickets.tickets + EXCLUDED.tickets
       WHERE user_event_tickets.tickets + EXCLUDED.tickets <= $4
       RETURNING tickets`,
      [eventId, userId, quantity, limit],
    );
    if (held.length === 0) {
      throw new BookingException(
        BookingErrorCode.LimitExceeded,
        `At most ${limit} tickets per person for an event`,
        {
          limit,
        },
      );
    }
  }

  /** Cancels a booking (its owner before the event starts, or an admin) and releases its places at once. */
  async cancelBooking(caller: AuthUser, bookingId: string): Promise<BookingEntity> {
    const booking = await this.getBooking(caller, bookingId);
    const isAdmin = caller.role === Role.Admin;
    if (!isAdmin && booking.userId !== caller.id) {
      throw new BookingException(
        BookingErrorCode.NotBookingHolder,
        'Only the holder or an admin may cancel a booking',
      );
    }
    return this.dataSource.transaction(async (manager) => {
      // Lock order everywhere: the holder's ticket count, then the inventory row, then seats and bookings.
      await manager.query(
        `SELECT 1 FROM user_event_tickets WHERE event_id = $1 AND user_id = $2 FOR UPDATE`,
        [booking.eventId, booking.userId],
      );
      const [event] = await manager.query<{ starts_at: Date }[]>(
        `SELECT starts_at FROM inventory WHERE event_id = $1 FOR UPDATE`,
        [booking.eventId],
      );
      if (!isAdmin && event.starts_at.getTime() <= Date.now()) {
        throw new BookingException(BookingErrorCode.BookingNotCancellable, 'The event has started');
      }
      const reason =
        isAdmin && booking.userId !== caller.id ? CancelReason.AdminCancelled : CancelReason.UserCancelled;
      const [cancelled] = await this.cancelConfirmed(manager, `id = $1`, [bookingId], reason);
      if (!cancelled) {
        throw new BookingException(
          BookingErrorCode.BookingNotCancellable,
          'The booking is already cancelled',
        );
      }
      return cancelled;
    });
  }

  /** event.cancelled: the event is closed for sale and every confirmed booking is cancelled, with one fact each. */
  async cancelEventBookings(manager: EntityManager, fact: EventCancelledV1): Promise<void> {
    // Lock order everywhere: ticket counts, then the inventory row, then seats and bookings.
    await manager.query(
      `SELECT count(*) FROM (SELECT 1 FROM user_event_tickets WHERE event_id = $1 ORDER BY user_id FOR UPDATE) locked`,
      [fact.eventId],
    );
    await this.inventory.applySnapshot(manager, fact.snapshot);
    // Closed for sale first; then wait for the bookings in flight, which hold the inventory row (general
    // admission) or their seats (reserved seating) until they commit, so that the cancellation below sees them.
    await manager.query(`UPDATE inventory SET status = 'cancelled' WHERE event_id = $1`, [fact.eventId]);
    await manager.query(
      `SELECT count(*) FROM (SELECT 1 FROM seats WHERE event_id = $1 ORDER BY label COLLATE "C" FOR UPDATE) locked`,
      [fact.eventId],
    );
    await this.cancelConfirmed(manager, `event_id = $1`, [fact.eventId], CancelReason.EventCancelled);
  }

  /**
   * Cancels the confirmed bookings matching `where`, gives back their places (sold count, seats, per-user
   * tickets) and writes a booking.cancelled fact for each, all in the caller's transaction.
   */
  private async cancelConfirmed(
    manager: EntityManager,
    where: string,
    params: unknown[],
    reason: CancelReason,
  ): Promise<BookingEntity[]> {
    const rows = await manager.query<BookingRow[]>(
      `WITH cancelled AS (
         UPDATE bookings SET status = 'cancelled', cancel_reason = $${params.length + 1}, cancelled_at = clock_timestamp()
         WHERE ${where} AND status = 'confirmed' RETURNING *)
       SELECT * FROM cancelled`,
      [...params, reason],
    );
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    // Give back what the cancelled rows held (their RETURNING values): GA places, seats, per-user tickets.
    const general = rows.filter((r) => r.seats.length === 0);
    await manager.query(
      `UPDATE inventory i SET sold = greatest(0, i.sold - c.quantity)
       FROM (SELECT event_id, sum(quantity)::int AS quantity FROM unnest($1::uuid[], $2::int[]) AS t(event_id, quantity)
             GROUP BY event_id) c
       WHERE i.event_id = c.event_id`,
      [general.map((r) => r.event_id), general.map((r) => r.quantity)],
    );
    await manager.query(`UPDATE seats SET booking_id = NULL WHERE booking_id = ANY($1::uuid[])`, [ids]);
    await manager.query(
      `UPDATE user_event_tickets t SET tickets = greatest(0, t.tickets - c.quantity)
       FROM (SELECT event_id, user_id, sum(quantity)::int AS quantity
             FROM unnest($1::uuid[], $2::uuid[], $3::int[]) AS r(event_id, user_id, quantity)
             GROUP BY event_id, user_id) c
       WHERE t.event_id = c.event_id AND t.user_id = c.user_id`,
      [rows.map((r) => r.event_id), rows.map((r) => r.user_id), rows.map((r) => r.quantity)],
    );
    const bookings = rows.map(toEntity);
    await this.outbox.addMany(
      manager,
      RoutingKeys.BookingCancelled,
      bookings.map((b): BookingCancelledV1 => ({
        bookingId: b.id,
        eventId: b.eventId,
        userId: b.userId,
        quantity: b.quantity,
        seats: b.seats,
        reason,
      })),
    );
    return bookings;
  }

  /** A booking, for its holder, the event's organizer or an admin; to anyone else it does not exist. */
  async getBooking(caller: AuthUser, bookingId: string): Promise<BookingEntity> {
    const booking = await this.dataSource.manager.findOneBy(BookingEntity, { id: bookingId });
    if (booking && (booking.userId === caller.id || caller.role === Role.Admin)) return booking;
    if (booking && (await this.isOrganizerOf(caller, booking.eventId))) return booking;
    throw new BookingException(BookingErrorCode.BookingNotFound, 'No such booking');
  }

  /** The caller's bookings, newest first. */
  async listMyBookings(caller: AuthUser, limit: number, cursor?: string): Promise<Page<BookingEntity>> {
    return this.pageOfBookings('b.userId = :userId', { userId: caller.id }, limit, cursor);
  }

  /** An event's bookings, newest first, for its organizer or an admin. */
  async listEventBookings(caller: AuthUser, eventId: string, limit: number, cursor?: string) {
    const event = await this.dataSource.manager.findOneBy(InventoryEntity, { eventId });
    if (!event) throw eventNotFound();
    if (caller.role !== Role.Admin && event.organizerId !== caller.id) {
      throw new BookingException(
        BookingErrorCode.NotEventOrganizer,
        "Only the event's organizer or an admin",
      );
    }
    return this.pageOfBookings('b.eventId = :eventId', { eventId }, limit, cursor);
  }

  private async isOrganizerOf(caller: AuthUser, eventId: string): Promise<boolean> {
    return this.dataSource.manager.existsBy(InventoryEntity, { eventId, organizerId: caller.id });
  }

  private async pageOfBookings(
    where: string,
    params: Record<string, string>,
    limit: number,
    cursor?: string,
  ): Promise<Page<BookingEntity>> {
    const query = this.dataSource
      .getRepository(BookingEntity)
      .createQueryBuilder('b')
      .where(where, params)
      .orderBy('b.createdAt', 'DESC')
      .addOrderBy('b.id', 'DESC')
      .limit(limit + 1);
    if (cursor) {
      const [createdAt, id] = decodeCursor(cursor, isTimeAndIdKey);
      query.andWhere('(b.createdAt, b.id) < (:createdAt, :id)', { createdAt, id });
    }
    return toPage(
      await query.getMany(),
      limit,
      (b) => [b.createdAt.toISOString(), b.id],
      (b) => b,
    );
  }
}

interface BookingRow {
  id: string;
  event_id: string;
  user_id: string;
  quantity: number;
  seats: string[];
  status: BookingStatus;
  cancel_reason: CancelReason | null;
  created_at: Date;
  cancelled_at: Date | null;
}

const toEntity = (r: BookingRow): BookingEntity =>
  Object.assign(new BookingEntity(), {
    id: r.id,
    eventId: r.event_id,
    userId: r.user_id,
    quantity: r.quantity,
    seats: r.seats,
    status: r.status,
    cancelReason: r.cancel_reason,
    createdAt: r.created_at,
    cancelledAt: r.cancelled_at,
  });

const admissionMismatch = (event: InventoryEntity) =>
  new BookingException(
    BookingErrorCode.AdmissionMismatch,
    event.capacity === null
      ? 'This event has reserved seating: book seats'
      : 'This event is general admission: book a quantity',
  );

function assertPlacesLeft(event: InventoryEntity, quantity: number): void {
  const available = Math.max(0, (event.capacity ?? 0) - event.sold);
  if (available >= quantity) return;
  throw new BookingException(
    BookingErrorCode.SoldOut,
    available === 0 ? 'Sold out' : `Only ${available} place(s) left`,
    {
      available,
      requested: quantity,
    },
  );
}

const eventNotFound = () => new BookingException(BookingErrorCode.EventNotFound, 'No such event');

const notBookable = (status: string) =>
  new BookingException(BookingErrorCode.EventNotBookable, 'This event is not on sale', { status });

const created = (booking: BookingEntity): RecordedResponse => ({
  status: HttpStatus.CREATED,
  body: JSON.stringify(BookingDto.from(booking)),
});

const refused = (error: AppException): RecordedResponse => ({
  status: error.status,
  body: JSON.stringify(errorBodyOf(error, RequestContext.requestId())),
});
