import { AuthUser } from '@evently/auth';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { OrderItem } from '../booking/booking.entity';
import { InventoryService } from '../inventory/inventory.service';
import { EventKeys, newEventKeys, signTicketCode } from './ticket-code';
import { TicketErrorCode, TicketException } from './ticket.exception';
import { TicketRepository } from './ticket.repository';
import { renameRefusal, Ticket, ticketsOf } from './ticket.rules';

/** A ticket with its signed code (what its QR carries). */
export type CodedTicket = Ticket & { code: string };

/**
 * Tickets: issued for every place of a booking when it is confirmed (or its lines become known), voided when
 * it is cancelled or refunded in full, named by their holder, and shown with their signed codes.
 */
@Injectable()
export class TicketService {
  /** Event keys never change once made: kept here after the first read. */
  private readonly keys = new Map<string, EventKeys>();

  constructor(
    private readonly tickets: TicketRepository,
    private readonly inventory: InventoryService,
  ) {}

  /** Issues (or completes) the tickets of a confirmed booking, in the caller's transaction. */
  issue(
    manager: EntityManager,
    booking: {
      id: string;
      eventId: string;
      userId: string;
      quantity: number;
      seats: string[];
      items: OrderItem[];
    },
  ): Promise<void> {
    return this.tickets.issue(manager, booking, ticketsOf(booking));
  }

  voidOf(manager: EntityManager, bookingIds: string[]): Promise<void> {
    return this.tickets.voidOf(manager, bookingIds);
  }

  /** A booking's tickets with their codes (the caller may see the booking). */
  async ofBooking(bookingId: string): Promise<CodedTicket[]> {
    return this.withCodes(await this.tickets.ofBooking(bookingId));
  }

  /** The caller's tickets with their codes, newest first. */
  async mine(caller: AuthUser, limit: number): Promise<CodedTicket[]> {
    return this.withCodes(await this.tickets.ofUser(caller.id, limit));
  }

  /** Names a ticket's attendee (and their answers): its holder, until the event starts. */
  async name(
    caller: AuthUser,
    ticketId: string,
    change: { attendeeName?: string | null; answers?: Record<string, unknown> },
  ): Promise<CodedTicket> {
    const ticket = await this.tickets.find(ticketId);
    if (!ticket) throw new TicketException(TicketErrorCode.TicketNotFound, 'No such ticket');
    const event = await this.inventory.find(ticket.eventId);
    const refusal = renameRefusal(caller, ticket, event?.startsAt ?? new Date(0));
    if (refusal) throw refusal;
    const named = await this.tickets.name(
      ticketId,
      change.attendeeName === undefined ? ticket.attendeeName : change.attendeeName,
      change.answers ?? ticket.answers,
    );
    return (await this.withCodes([named]))[0];
  }

  /** The event's key pair (made on first use). */
  async keysOf(eventId: string): Promise<EventKeys> {
    const known = this.keys.get(eventId);
    if (known) return known;
    const keys = await this.tickets.keysOf(eventId, newEventKeys);
    this.keys.set(eventId, keys);
    return keys;
  }

  private async withCodes(tickets: Ticket[]): Promise<CodedTicket[]> {
    const coded: CodedTicket[] = [];
    for (const ticket of tickets) {
      const { privateKey } = await this.keysOf(ticket.eventId);
      coded.push({
        ...ticket,
        code: signTicketCode(privateKey, { eventId: ticket.eventId, ticketId: ticket.id }),
      });
    }
    return coded;
  }
}
