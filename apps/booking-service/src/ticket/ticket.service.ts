import { AuthUser } from '@evently/auth';
import { ValidationFailedException } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { OrderItem } from '../booking/booking.entity';
import { InventoryService } from '../inventory/inventory.service';
import { Answers, answersAfter } from './answers.rules';
import { EventKeys, newEventKeys, signTicketCode } from './ticket-code';
import { TicketErrorCode, TicketException } from './ticket.exception';
import { TicketRepository } from './ticket.repository';
import { renameRefusal, Ticket, TicketDraft, ticketsOf } from './ticket.rules';

/** A ticket about to be issued: its id, its code, its seat. */
export interface PreparedTicket {
  ticketId: string;
  code: string;
  seat: string | null;
}

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

  /**
   * The ids and signed codes of a booking's tickets before it is confirmed, so that its booking.confirmed
   * fact can carry them (the confirmation email's QR codes); `issue` then writes these very tickets.
   */
  async prepare(
    manager: EntityManager,
    eventId: string,
    seats: string[],
    quantity: number,
  ): Promise<PreparedTicket[]> {
    const { privateKey } = await this.keysOf(eventId, manager);
    return Array.from({ length: quantity }, (_, i) => {
      const ticketId = randomUUID();
      return { ticketId, code: signTicketCode(privateKey, { eventId, ticketId }), seat: seats[i] ?? null };
    });
  }

  /** Issues (or completes) the tickets of a confirmed booking (as `prepared`), in the caller's transaction. */
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
    prepared: PreparedTicket[] = [],
  ): Promise<void> {
    return this.tickets.issue(manager, booking, this.drafts(booking, prepared));
  }

  /** The tickets a booking's places make, with the ids (and codes) `prepared` for them. */
  drafts(
    booking: { quantity: number; seats: string[]; items: OrderItem[] },
    prepared: PreparedTicket[],
  ): (TicketDraft & { id?: string })[] {
    return ticketsOf(booking).map((d, i) => ({ ...d, id: prepared[i]?.ticketId }));
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
    let answers = ticket.answers as Answers;
    if (change.answers !== undefined) {
      const after = answersAfter(await this.inventory.questionsOf(ticket.eventId), answers, change.answers);
      if ('problems' in after) throw new ValidationFailedException(after.problems, 'Some answers do not fit');
      answers = after.answers;
    }
    const named = await this.tickets.name(
      ticketId,
      change.attendeeName === undefined ? ticket.attendeeName : change.attendeeName,
      answers,
    );
    return (await this.withCodes([named]))[0];
  }

  /**
   * The event's key pair (made when booking-service hears of the event, or on first use), read on the
   * caller's connection when given one.
   */
  async keysOf(eventId: string, manager?: EntityManager): Promise<EventKeys> {
    const known = this.keys.get(eventId);
    if (known) return known;
    const keys = await this.tickets.keysOf(eventId, newEventKeys, manager);
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
