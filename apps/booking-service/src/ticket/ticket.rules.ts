import { AuthUser, Role } from '@evently/auth';
import type { OrderItem } from '../booking/booking.entity';
import { TicketErrorCode, TicketException } from './ticket.exception';

// Tickets: one per place of a confirmed booking, and what may be done with them. Pure rules, unit-tested beside.

export enum TicketStatus {
  Valid = 'valid',
  Voided = 'voided',
}

export interface Ticket {
  id: string;
  bookingId: string;
  eventId: string;
  userId: string;
  position: number;
  ticketTypeId: string | null;
  seat: string | null;
  attendeeName: string | null;
  answers: Record<string, unknown>;
  status: TicketStatus;
  checkedInAt: Date | null;
  checkedInBy: string | null;
  createdAt: Date;
}

/** A ticket to issue: its place in the booking (1-based), its type and its seat. */
export interface TicketDraft {
  position: number;
  ticketTypeId: string | null;
  seat: string | null;
}

/**
 * The tickets a booking's places make: one per seat, or one per place of each order line in line order, with
 * the line's type. A seat's type is its section's, and a booking without lines sold the event's one type:
 * those are left null here and filled in by the repository from the seat and the event.
 */
export function ticketsOf(booking: { quantity: number; seats: string[]; items: OrderItem[] }): TicketDraft[] {
  const lines = booking.items.flatMap((line) => Array<string>(line.quantity).fill(line.ticketTypeId));
  return Array.from({ length: booking.quantity }, (_, i) => ({
    position: i + 1,
    seat: booking.seats[i] ?? null,
    ticketTypeId: booking.seats.length > 0 ? null : (lines[i] ?? null),
  }));
}

/**
 * Why the caller may not name a ticket's attendee now, or null: its holder (or an admin) may, until the event
 * starts, while the ticket is valid.
 */
export function renameRefusal(
  caller: AuthUser,
  ticket: Ticket,
  startsAt: Date,
  now = Date.now(),
): TicketException | null {
  if (caller.role !== Role.Admin && caller.id !== ticket.userId) {
    return new TicketException(TicketErrorCode.TicketNotFound, 'No such ticket');
  }
  if (ticket.status === TicketStatus.Voided) {
    return new TicketException(TicketErrorCode.TicketVoided, 'This ticket was voided');
  }
  if (startsAt.getTime() <= now) {
    return new TicketException(TicketErrorCode.TicketLocked, 'Attendees are named until the event starts', {
      startsAt: startsAt.toISOString(),
    });
  }
  return null;
}
