import { AuthUser } from '@evently/auth';
import { EventSnapshot, OnSale, Question } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BookingErrorCode, BookingException } from '../errors';
import { InventoryEntity, InventoryStatus } from './inventory.entity';
import { InventoryRepository } from './inventory.repository';
import {
  Availability,
  availabilityOf,
  canAccess,
  eventNotFound,
  isBookable,
  notBookable,
  placesLeft,
  placesRefusal,
  SeatHolders,
  seatRefusal,
  sellRefusal,
} from './inventory.rules';
import { SeatRepository } from './seat.repository';

/** Places held for one waiting-list offer: a number of GA places, or the seats held for it. */
export interface Hold {
  eventId: string;
  holdId: string;
  quantity: number;
  seats: string[];
}

/** Places given back by cancelled bookings: GA quantities by event, and the ids whose seats are freed. */
export interface Released {
  places: { eventId: string; quantity: number }[];
  seatsOfBookings: string[];
}

/**
 * What booking-service may sell: its replica of each published event, the general-admission places sold and
 * held, and the seats. The base every other concept reads (and locks, first: the lock order is ticket counts,
 * then this row, then waiting-list entries, seats and bookings); selling and giving back go through here.
 * General-admission claims are PlaceClaims' (same concept, its own table).
 */
@Injectable()
export class InventoryService {
  constructor(
    private readonly inventory: InventoryRepository,
    private readonly seats: SeatRepository,
  ) {}

  /**
   * Applies an event snapshot unless a newer version is already held (facts can arrive out of order after
   * a retry). New seats are added; seats are never removed (event-service forbids it once published).
   * Locks the inventory row for the rest of the transaction. Returns whether the snapshot was applied.
   */
  async applySnapshot(manager: EntityManager, snapshot: EventSnapshot): Promise<boolean> {
    if (!(await this.inventory.upsertSnapshot(manager, snapshot))) return false;
    if (snapshot.seats && snapshot.seats.length > 0) {
      await this.seats.addSeats(manager, snapshot.eventId, snapshot.seats);
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

  /** Events on sale through a queue that has opened. */
  openQueues(manager?: EntityManager): Promise<{ eventId: string; onSale: OnSale }[]> {
    return this.inventory.openQueues(manager);
  }

  /** What the event asks of each attendee. */
  questionsOf(eventId: string): Promise<Question[]> {
    return this.inventory.questionsOf(eventId);
  }

  /** The event as an order of ticket types reads it (its types cannot change until the order commits). */
  findForOrder(manager: EntityManager, eventId: string): Promise<InventoryEntity | null> {
    return this.inventory.findForOrder(manager, eventId);
  }

  /** Waits for the orders in flight that read the event's types, and keeps new ones out until commit. */
  lockTypes(manager: EntityManager, eventId: string): Promise<void> {
    return this.inventory.lockTypes(manager, eventId);
  }

  /** The replicas of these events, by id (unknown ids left out). */
  async findMany(eventIds: string[]): Promise<Map<string, InventoryEntity>> {
    const events = await this.inventory.findMany([...new Set(eventIds)]);
    return new Map(events.map((event) => [event.eventId, event]));
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
  assertCanSell(event: InventoryEntity, quantity: number | undefined, held = false, typed = false): void {
    const refusal = sellRefusal(event, quantity, held, Date.now(), typed);
    if (refusal) throw refusal;
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
  async refuseSale(eventId: string, quantity: number, manager?: EntityManager): Promise<void> {
    const event = await this.inventory.find(eventId, manager);
    if (!event) throw eventNotFound();
    this.assertBookable(event);
    const refusal = placesRefusal(event, quantity);
    if (refusal) throw refusal;
  }

  /**
   * Refuses at once, without a lock, seats that do not exist or are already sold or held: in a rush for
   * seats most requests end here, before the booking has written anything or waited for a seat's lock.
   * `lockSeatsForSale` checks again with the seats locked.
   */
  async assertSeatsFree(manager: EntityManager, eventId: string, labels: string[]): Promise<SeatHolders[]> {
    const found = await this.seats.findSeats(manager, eventId, labels);
    const refusal = seatRefusal(labels, found);
    if (refusal) throw refusal;
    return found;
  }

  /** Locks all of `labels` for a sale, or refuses: unknown or taken seats by name, an event no longer on sale. */
  async lockSeatsForSale(manager: EntityManager, eventId: string, labels: string[]): Promise<SeatHolders[]> {
    const locked = await this.seats.lockSeats(manager, eventId, labels);
    const refusal = seatRefusal(labels, locked);
    if (refusal) throw refusal;
    // Read again with the seats locked: an event cancellation locks every seat before it cancels the
    // bookings, so either it sees this booking, or this booking sees the event cancelled.
    const event = await this.inventory.find(eventId, manager);
    if (!event || !isBookable(event)) throw notBookable(event?.status ?? InventoryStatus.Cancelled);
    return locked;
  }

  /** `labels` of the event as they are now (who holds each, and its ticket type), without a lock. */
  seatsOf(manager: EntityManager, eventId: string, labels: string[]): Promise<SeatHolders[]> {
    return this.seats.findSeats(manager, eventId, labels);
  }

  /** The seats locked by `lockSeatsForSale` go to the booking. */
  async assignSeats(manager: EntityManager, eventId: string, labels: string[], bookingId: string) {
    await this.seats.assignSeats(manager, eventId, labels, bookingId);
  }

  /** Gives back what cancelled bookings held. */
  async release(manager: EntityManager, released: Released): Promise<void> {
    await this.inventory.returnPlaces(manager, released.places);
    await this.seats.freeSeatsOf(manager, released.seatsOfBookings);
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
    if (event.capacity !== null) return placesLeft(event);
    return this.seats.freeSeatCount(manager, event.eventId);
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
    const seats = await this.seats.holdSeats(manager, event.eventId, holdId, quantity, preferred);
    if (seats.length === quantity) return { eventId: event.eventId, holdId, quantity, seats };
    await this.seats.releaseHeldSeats(manager, [holdId]);
    return null;
  }

  /** Makes held places free again. */
  async releaseHolds(manager: EntityManager, holds: Hold[]): Promise<void> {
    const places = new Map<string, number>();
    for (const hold of holds.filter((h) => h.seats.length === 0)) {
      places.set(hold.eventId, (places.get(hold.eventId) ?? 0) + hold.quantity);
    }
    for (const [eventId, quantity] of places) await this.inventory.changeHeld(manager, eventId, -quantity);
    await this.seats.releaseHeldSeats(
      manager,
      holds.filter((h) => h.seats.length > 0).map((h) => h.holdId),
    );
  }

  /**
   * Sells the general-admission places of `hold` (seats: see `bookHeldSeats`). SOLD_OUT if the organizer has
   * since cut the capacity below what selling them would make sold (the offer then simply expires).
   */
  async sellHeldPlaces(manager: EntityManager, hold: Hold): Promise<void> {
    if (hold.seats.length > 0 || (await this.inventory.sellHeld(manager, hold.eventId, hold.quantity)))
      return;
    throw new BookingException(BookingErrorCode.SoldOut, 'The event no longer has room for these places', {
      available: 0,
      requested: hold.quantity,
    });
  }

  /** The seats of `hold` go to the booking. */
  async bookHeldSeats(manager: EntityManager, hold: Hold, bookingId: string): Promise<void> {
    if (hold.seats.length === 0) return;
    const booked = await this.seats.bookHeldSeats(manager, hold.eventId, hold.holdId, bookingId);
    if (booked.length !== hold.seats.length) {
      throw new Error(`hold ${hold.holdId} of ${hold.eventId} no longer holds its places`);
    }
  }

  /** The next joining number of the event's waiting list, and the waiting count (+1). */
  async joinWaitingList(manager: EntityManager, eventId: string): Promise<number> {
    return this.inventory.joinWaitingList(manager, eventId);
  }

  /** Entries that stopped waiting (offered, left, cancelled). */
  async leftWaiting(manager: EntityManager, eventId: string, count: number): Promise<void> {
    if (count > 0) await this.inventory.changeWaiting(manager, eventId, -count);
  }

  /** The event is cancelled: nothing more is sold (bookings in flight: see PlaceClaims.voidAll, lockAllSeats). */
  async closeForSale(manager: EntityManager, eventId: string): Promise<void> {
    await this.inventory.markCancelled(manager, eventId);
  }

  /** Waits for every seat's booking in flight (they hold their seats until they commit). */
  async lockAllSeats(manager: EntityManager, eventId: string): Promise<void> {
    await this.seats.lockAllSeats(manager, eventId);
  }

  /** event.completed: the event has ended and is closed for sale for good. */
  async complete(manager: EntityManager, eventId: string): Promise<void> {
    await this.inventory.markCompleted(manager, eventId);
  }

  /** Counts for an event the caller may see; with the seat map for a seated one. */
  async availability(
    eventId: string,
    caller: AuthUser | undefined,
  ): Promise<{ availability: Availability; event: InventoryEntity }> {
    const event = await this.visibleEvent(caller, eventId);
    const seats = event.capacity === null ? await this.seats.seatMap(eventId) : null;
    return { availability: availabilityOf(event, seats), event };
  }
}
