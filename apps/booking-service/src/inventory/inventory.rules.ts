import { AuthUser, Role } from '@evently/auth';
import { BookingErrorCode, BookingException } from '../errors';
import type { TicketType } from '@evently/contracts';
import { InventoryEntity, InventoryStatus } from './inventory.entity';

/** A seat, and the booking or waiting-list hold that has it (both null: free). */
export interface SeatHolders {
  label: string;
  booking_id: string | null;
  held_by: string | null;
  /** The ticket type it is sold as (its section's); null if its event's facts never named one. */
  ticket_type_id: string | null;
}

/** A seat of the map, and whether it is booked or held. */
export interface SeatRow {
  label: string;
  section: string;
  row: number;
  number: number;
  ticketTypeId: string | null;
  booked: boolean;
  held: boolean;
}

export interface SeatState {
  label: string;
  section: string;
  row: number;
  number: number;
  ticketTypeId: string | null;
  status: 'available' | 'held' | 'booked';
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

/**
 * Who may see and book an event: anyone for a public one; for a private one only its organizer and admins
 * (invited guests once invitations exist). To anyone else a private event does not exist (404), as in
 * event-service, so its id does not even leak that it exists.
 */
export const canAccess = (event: InventoryEntity, caller: AuthUser | undefined): boolean =>
  event.visibility !== 'private' || (caller !== undefined && canOrganize(caller, event));

/** The event's organizer, or an admin. */
export const canOrganize = (caller: AuthUser, event: Pick<InventoryEntity, 'organizerId'>): boolean =>
  caller.role === Role.Admin || caller.id === event.organizerId;

/** Whether tickets can be bought now: published and not yet started. */
export const isBookable = (event: InventoryEntity, now = Date.now()): boolean =>
  event.status === InventoryStatus.Published && event.startsAt.getTime() > now;

/** The status people see: a published event whose end has passed is completed, whatever the replica says yet. */
export const shownStatus = (event: InventoryEntity, now = Date.now()): InventoryStatus =>
  event.status === InventoryStatus.Published && event.endsAt.getTime() <= now
    ? InventoryStatus.Completed
    : event.status;

/** General-admission places neither sold nor held. */
export const placesLeft = (event: InventoryEntity): number =>
  Math.max(0, (event.capacity ?? 0) - event.sold - event.held);

export const eventNotFound = () => new BookingException(BookingErrorCode.EventNotFound, 'No such event');

export const notBookable = (status: string) =>
  new BookingException(BookingErrorCode.EventNotBookable, 'This event is not on sale', { status });

/** SOLD_OUT unless `quantity` places are left. */
export function placesRefusal(event: InventoryEntity, quantity: number): BookingException | null {
  const available = placesLeft(event);
  if (available >= quantity) return null;
  return new BookingException(
    BookingErrorCode.SoldOut,
    available === 0 ? 'Sold out' : `Only ${available} place(s) left`,
    { available, requested: quantity },
  );
}

/**
 * Why `quantity` places (general admission) or seats (`quantity` undefined) cannot be sold now, or null: not
 * on sale, the other admission mode, or (unless the places are `held` for the buyer) not enough left. An order
 * of ticket types (`typed`) is priced by its own rules (order.rules); others sell the one free type.
 */
export function sellRefusal(
  event: InventoryEntity,
  quantity: number | undefined,
  held = false,
  now = Date.now(),
  typed = false,
): BookingException | null {
  if (!isBookable(event, now)) return notBookable(event.status);
  const typeRefusal = typed ? null : ticketTypeRefusal(event.ticketTypes, now);
  if (typeRefusal) return typeRefusal;
  const seated = event.capacity === null;
  if (seated !== (quantity === undefined)) {
    return new BookingException(
      BookingErrorCode.AdmissionMismatch,
      seated
        ? 'This event has reserved seating: book seats'
        : 'This event is general admission: book a quantity',
    );
  }
  return quantity !== undefined && !held ? placesRefusal(event, quantity) : null;
}

/** Whether an event's places are sold as orders of ticket types: priced, capped, hidden or several types. */
export const soldByType = (types: TicketType[]): boolean =>
  types.length > 1 || types.some((t) => t.price.amount > 0 || t.quota !== null || t.hidden);

/**
 * Why the event's ticket types cannot be sold as places and seats without choosing a type, or null. A booking
 * without items sells the event's one free type (every event had one before types existed); priced, capped or
 * several types are sold by checkout with items (CHECKOUT_REQUIRED until it exists). The type's sales
 * window holds either way (TICKET_TYPE_NOT_ON_SALE).
 */
export function ticketTypeRefusal(types: TicketType[], now = Date.now()): BookingException | null {
  if (types.length === 0) return null;
  const [only] = types;
  if (soldByType(types)) {
    return new BookingException(
      BookingErrorCode.CheckoutRequired,
      'This event sells priced, capped or several ticket types: order them as items (ticket types)',
      { ticketTypes: types.map((t) => t.id) },
    );
  }
  const opens = only.salesStart ? Date.parse(only.salesStart) : null;
  const closes = only.salesEnd ? Date.parse(only.salesEnd) : null;
  if ((opens !== null && now < opens) || (closes !== null && now >= closes)) {
    return new BookingException(
      BookingErrorCode.TicketTypeNotOnSale,
      opens !== null && now < opens
        ? `${only.name} is on sale from ${only.salesStart}`
        : `${only.name} is no longer on sale`,
      { ticketTypeId: only.id, salesStart: only.salesStart, salesEnd: only.salesEnd },
    );
  }
  return null;
}

/** UNKNOWN_SEATS for labels the event does not have, else SEAT_UNAVAILABLE for those sold or held; or null. */
export function seatRefusal(labels: string[], found: SeatHolders[]): BookingException | null {
  const unknown = labels.filter((label) => !found.some((s) => s.label === label));
  if (unknown.length > 0) {
    return new BookingException(BookingErrorCode.UnknownSeats, 'This event has no such seats', {
      seats: unknown,
    });
  }
  const taken = found.filter((s) => s.booking_id !== null || s.held_by !== null).map((s) => s.label);
  if (taken.length === 0) return null;
  return new BookingException(BookingErrorCode.SeatUnavailable, `Already taken: ${taken.join(', ')}`, {
    seats: taken,
  });
}

/** Counts for the event as the public sees them (completed from its end on), and the seat map if seated. */
export function availabilityOf(
  event: InventoryEntity,
  seats: SeatRow[] | null,
  now = Date.now(),
): Availability {
  const base = {
    eventId: event.eventId,
    status: shownStatus(event, now),
    bookable: isBookable(event, now),
    waiting: event.waiting,
  };
  if (seats === null) {
    return {
      ...base,
      capacity: event.capacity ?? 0,
      booked: event.sold,
      held: event.held,
      available: placesLeft(event),
    };
  }
  const booked = seats.filter((s) => s.booked).length;
  const held = seats.filter((s) => !s.booked && s.held).length;
  return {
    ...base,
    capacity: seats.length,
    booked,
    held,
    available: seats.length - booked - held,
    seats: seats.map(({ booked: taken, held: onHold, ...seat }) => ({
      ...seat,
      status: taken ? 'booked' : onHold ? 'held' : 'available',
    })),
  };
}
