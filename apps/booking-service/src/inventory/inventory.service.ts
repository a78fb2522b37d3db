import { AuthUser } from '@evently/auth';
import { RetryLaterException } from '@evently/common';
import { EventSnapshot } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BookingErrorCode, BookingException, limitExceeded } from '../errors';
import { canAccess, InventoryEntity, InventoryStatus, isBookable } from './inventory.entity';
import { InstanceHeartbeat } from '../instance/instance-heartbeat';
import { ClaimSweep, InventoryRepository, SeatHolders } from './inventory.repository';

/** UNKNOWN_SEATS for labels the event does not have, else SEAT_UNAVAILABLE for those sold or held. */
function refuseUnlessFree(labels: string[], found: SeatHolders[]): void {
  const unknown = labels.filter((label) => !found.some((s) => s.label === label));
  if (unknown.length > 0) {
    throw new BookingException(BookingErrorCode.UnknownSeats, 'This event has no such seats', {
      seats: unknown,
    });
  }
  const taken = found.filter((s) => s.booking_id !== null || s.held_by !== null).map((s) => s.label);
  if (taken.length > 0) {
    throw new BookingException(BookingErrorCode.SeatUnavailable, `Already taken: ${taken.join(', ')}`, {
      seats: taken,
    });
  }
}

/** Claims tried when the places seem to be there yet the claim missed them (they were coming back). */
const CLAIM_ATTEMPTS = 5;

/** General-admission places taken for a booking in flight (place_claims), and whose they are. */
export interface PlaceClaim {
  id: string;
  eventId: string;
  userId: string;
}

export interface SeatState {
  label: string;
  section: string;
  row: number;
  number: number;
  status: 'available' | 'held' | 'booked';
}

/** Places held for one waiting-list offer: a number of GA places, or the seats held for it. */
export interface Hold {
  eventId: string;
  holdId: string;
  quantity: number;
  seats: string[];
}

export interface Availability {
  eventId: string;
  status: string;
  bookable: boolean;
  capacity: number;
  booked: number;
  /** Held for waiting-list offers. */
  held: number;
  available: number;
  /** Waiting-list entries not yet offered places. */
  waiting: number;
  seats?: SeatState[];
}

/** Places given back by cancelled bookings: GA quantities by event, and the ids whose seats are freed. */
export interface Released {
  places: { eventId: string; quantity: number }[];
  seatsOfBookings: string[];
}

/**
 * What booking-service may sell: its replica of each published event, the places sold and the seats held.
 * Other modules sell, take and release through here; only InventoryRepository touches the tables.
 */
@Injectable()
export class InventoryService {
  constructor(
    private readonly inventory: InventoryRepository,
    private readonly instance: InstanceHeartbeat,
  ) {}

  /**
   * Applies an event snapshot unless a newer version is already held (facts can arrive out of order after
   * a retry). New seats are added; seats are never removed (event-service forbids it once published).
   * Locks the inventory row for the rest of the transaction. Returns whether the snapshot was applied.
   */
  async applySnapshot(manager: EntityManager, snapshot: EventSnapshot): Promise<boolean> {
    if (!(await this.inventory.upsertSnapshot(manager, snapshot))) return false;
    if (snapshot.seats && snapshot.seats.length > 0) {
      await this.inventory.addSeats(manager, snapshot.eventId, snapshot.seats);
    }
    return true;
  }

  /** The event as the caller may see it: unknown and someone else's private event are alike, 404. */
  async visibleEvent(
    caller: AuthUser | undefined,
    eventId: string,
    manager?: EntityManager,
  ): Promise<InventoryEntity> {
    const event = await this.inventory.find(eventId, manager);
    if (!event || !canAccess(event, caller)) throw eventNotFound();
    return event;
  }

  /** The replica of an event, whoever asks (for what a guest's invitation shows of it). */
  find(eventId: string, manager?: EntityManager): Promise<InventoryEntity | null> {
    return this.inventory.find(eventId, manager);
  }

  /** Whether `userId` organizes the event (as far as the replica knows). */
  isOrganizer(eventId: string, userId: string): Promise<boolean> {
    return this.inventory.isOrganizer(eventId, userId);
  }

  /** EVENT_NOT_BOOKABLE unless the event is on sale. */
  assertBookable(event: InventoryEntity): void {
    if (!isBookable(event)) throw notBookable(event.status);
  }

  /**
   * Refuses at once, without a lock, what cannot be sold now (most refusals of a rush end here). Places
   * held for the buyer (`held`) are not counted against what is left.
   */
  assertCanSell(event: InventoryEntity, quantity: number | undefined, held = false): void {
    this.assertBookable(event);
    const seated = event.capacity === null;
    if (seated !== (quantity === undefined)) throw admissionMismatch(event);
    if (quantity !== undefined && !held) assertPlacesLeft(event, quantity);
  }

  /**
   * Claims `quantity` general-admission places (and as many of the person's tickets, up to `limit`) for a
   * booking about to be written (see place_claims), or says why not. Outside any transaction: the event's
   * row is locked only for the one statement, which is what lets a rush of buyers through.
   */
  async claimPlaces(eventId: string, userId: string, quantity: number, limit: number): Promise<PlaceClaim> {
    for (let attempt = 1; ; attempt++) {
      const result = await this.inventory.claim(eventId, userId, quantity, limit, {
        id: this.instance.instanceId,
        goneSeconds: this.instance.goneSeconds,
      });
      if ('claim' in result) return { id: result.claim, eventId, userId };
      if (result.refusal === 'LIMIT_EXCEEDED') throw limitExceeded(limit);
      await this.refuseSale(eventId, quantity);
      // Places came back between the two statements (a refused booking gave its claim back): again.
      if (attempt === CLAIM_ATTEMPTS)
        throw new RetryLaterException('Places are changing hands too fast; retry');
    }
  }

  /**
   * Gives a claim's places back if it still exists (the caller holds the holder's tickets and the event's
   * row); with `ttlSeconds`, only if it is abandoned (see abandonedClaims).
   */
  releaseClaim(manager: EntityManager, claim: PlaceClaim, ttlSeconds?: number): Promise<number> {
    return this.inventory.releaseClaim(manager, claim.id, this.sweepOf(ttlSeconds));
  }

  /** Whether the person holds claims on the event (bookings in flight, or left by a request that died). */
  hasClaims(eventId: string, userId: string): Promise<boolean> {
    return this.inventory.hasClaims(eventId, userId);
  }

  /** Claims of requests that died: older than `ttlSeconds`, or held by an instance that is gone. */
  abandonedClaims(ttlSeconds: number, limit: number): Promise<PlaceClaim[]> {
    return this.inventory.abandonedClaims(this.sweepOf(ttlSeconds)!, limit);
  }

  private sweepOf(ttlSeconds: number | undefined): ClaimSweep | undefined {
    return ttlSeconds === undefined ? undefined : { ttlSeconds, goneSeconds: this.instance.goneSeconds };
  }

  /** Sells `quantity` general-admission places, or says why not (sold out meanwhile, cancelled, started). */
  async sellPlaces(manager: EntityManager, eventId: string, quantity: number): Promise<void> {
    if (await this.inventory.sell(manager, eventId, quantity)) return;
    await this.refuseSale(eventId, quantity, manager);
    throw new Error(`sale of ${quantity} refused for ${eventId} with places left`);
  }

  /**
   * Why a sale of `quantity` places just failed, as the refusal to throw (unknown, not on sale, sold out);
   * returns when the places are there after all.
   */
  private async refuseSale(eventId: string, quantity: number, manager?: EntityManager): Promise<void> {
    const event = await this.inventory.find(eventId, manager);
    if (!event) throw eventNotFound();
    this.assertBookable(event);
    assertPlacesLeft(event, quantity);
  }

  /**
   * Refuses at once, without a lock, seats that do not exist or are already sold or held: in a rush for
   * seats most requests end here, before the booking has written anything or waited for a seat's lock.
   * `takeSeats` checks again with the seats locked.
   */
  async assertSeatsFree(manager: EntityManager, eventId: string, labels: string[]): Promise<void> {
    refuseUnlessFree(labels, await this.inventory.findSeats(manager, eventId, labels));
  }

  /** All of `labels` for `bookingId`, or none: unknown or taken seats are refused by name. */
  async takeSeats(
    manager: EntityManager,
    eventId: string,
    labels: string[],
    bookingId: string,
  ): Promise<void> {
    refuseUnlessFree(labels, await this.inventory.lockSeats(manager, eventId, labels));
    // Read again with the seats locked: an event cancellation locks every seat before it cancels the
    // bookings, so either it sees this booking, or this booking sees the event cancelled.
    const event = await this.inventory.find(eventId, manager);
    if (!event || !isBookable(event)) throw notBookable(event?.status ?? InventoryStatus.Cancelled);
    await this.inventory.assignSeats(manager, eventId, labels, bookingId);
  }

  /** Gives back what cancelled bookings held. */
  async release(manager: EntityManager, released: Released): Promise<void> {
    await this.inventory.returnPlaces(manager, released.places);
    await this.inventory.freeSeatsOf(manager, released.seatsOfBookings);
  }

  /**
   * Locks the event's row and reads it (lock order: ticket counts, then this, then waiting-list entries,
   * seats and bookings). Every change to the waiting list and its holds is made under this lock.
   */
  async lockEvent(manager: EntityManager, eventId: string): Promise<InventoryEntity> {
    const event = await this.inventory.lockEvent(manager, eventId);
    if (!event) throw eventNotFound();
    return event;
  }

  /** Places that could be sold right now: GA places neither sold nor held, or free unheld seats. */
  async freePlaces(manager: EntityManager, event: InventoryEntity): Promise<number> {
    if (event.capacity !== null) return Math.max(0, event.capacity - event.sold - event.held);
    return this.inventory.freeSeatCount(manager, event.eventId);
  }

  /**
   * Holds `quantity` free places for `holdId` (seats: those in `preferred` first); null if they are no
   * longer free. The caller holds the event's lock and has checked `freePlaces`.
   */
  async hold(
    manager: EntityManager,
    event: InventoryEntity,
    holdId: string,
    quantity: number,
    preferred: string[] = [],
  ): Promise<Hold | null> {
    if (event.capacity !== null) {
      await this.inventory.changeHeld(manager, event.eventId, quantity);
      event.held += quantity;
      return { eventId: event.eventId, holdId, quantity, seats: [] };
    }
    const seats = await this.inventory.holdSeats(manager, event.eventId, holdId, quantity, preferred);
    if (seats.length === quantity) return { eventId: event.eventId, holdId, quantity, seats };
    await this.inventory.releaseHeldSeats(manager, [holdId]);
    return null;
  }

  /** Makes held places free again. */
  async releaseHolds(manager: EntityManager, holds: Hold[]): Promise<void> {
    const places = new Map<string, number>();
    for (const hold of holds.filter((h) => h.seats.length === 0)) {
      places.set(hold.eventId, (places.get(hold.eventId) ?? 0) + hold.quantity);
    }
    for (const [eventId, quantity] of places) await this.inventory.changeHeld(manager, eventId, -quantity);
    await this.inventory.releaseHeldSeats(
      manager,
      holds.filter((h) => h.seats.length > 0).map((h) => h.holdId),
    );
  }

  /**
   * Sells exactly the places of `hold` to `bookingId`. SOLD_OUT if the organizer has since cut the capacity
   * below what selling them would make sold (the offer then simply expires).
   */
  async sellHold(manager: EntityManager, hold: Hold, bookingId: string): Promise<void> {
    if (hold.seats.length === 0) {
      if (await this.inventory.sellHeld(manager, hold.eventId, hold.quantity)) return;
      throw new BookingException(BookingErrorCode.SoldOut, 'The event no longer has room for these places', {
        available: 0,
        requested: hold.quantity,
      });
    } else {
      const booked = await this.inventory.bookHeldSeats(manager, hold.eventId, hold.holdId, bookingId);
      if (booked.length === hold.seats.length) return;
    }
    throw new Error(`hold ${hold.holdId} of ${hold.eventId} no longer holds its places`);
  }

  /** The next joining number of the event's waiting list, and the waiting count (+1). */
  async joinWaitingList(manager: EntityManager, eventId: string): Promise<number> {
    await this.inventory.changeWaiting(manager, eventId, 1);
    return this.inventory.nextWaitlistSeq(manager, eventId);
  }

  /** Entries that stopped waiting (offered, left, cancelled). */
  async leftWaiting(manager: EntityManager, eventId: string, count: number): Promise<void> {
    if (count > 0) await this.inventory.changeWaiting(manager, eventId, -count);
  }

  /**
   * Closes the event for sale, then waits for the bookings in flight, which hold the inventory row (general
   * admission) or their seats (reserved seating) until they commit, so that what follows sees them.
   */
  async closeForSale(manager: EntityManager, eventId: string): Promise<void> {
    await this.inventory.markCancelled(manager, eventId);
    // Bookings in flight hold their claims: this waits for them, and their bookings are then cancelled too.
    await this.inventory.voidClaims(manager, eventId);
    await this.inventory.lockAllSeats(manager, eventId);
  }

  /** event.completed: the event has ended and is closed for sale for good. */
  async complete(manager: EntityManager, eventId: string): Promise<void> {
    await this.inventory.markCompleted(manager, eventId);
  }

  /** Counts for an event the caller may see; with the seat map for a seated one. */
  async availability(eventId: string, caller: AuthUser | undefined): Promise<Availability> {
    const event = await this.visibleEvent(caller, eventId);
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
        held: event.held,
        available: Math.max(0, event.capacity - event.sold - event.held),
        waiting: event.waiting,
      };
    }
    const seats = await this.inventory.seatMap(eventId);
    const booked = seats.filter((s) => s.booked).length;
    const held = seats.filter((s) => !s.booked && s.held).length;
    return {
      ...base,
      capacity: seats.length,
      booked,
      held,
      available: seats.length - booked - held,
      waiting: event.waiting,
      seats: seats.map(({ booked: taken, held: onHold, ...seat }) => ({
        ...seat,
        status: taken ? 'booked' : onHold ? 'held' : 'available',
      })),
    };
  }
}

function assertPlacesLeft(event: InventoryEntity, quantity: number): void {
  const available = Math.max(0, (event.capacity ?? 0) - event.sold - event.held);
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

const admissionMismatch = (event: InventoryEntity) =>
  new BookingException(
    BookingErrorCode.AdmissionMismatch,
    event.capacity === null
      ? 'This event has reserved seating: book seats'
      : 'This event is general admission: book a quantity',
  );
