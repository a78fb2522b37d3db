import { EventCancelled, EventCompleted, EventSnapshot, CancelReason } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BookingService } from '../booking/booking.service';
import { InventoryService } from '../inventory/inventory.service';
import { PlaceClaims } from '../inventory/place-claims.service';
import { InvitationService } from '../invitation/invitation.service';
import { newlyCapped } from '../order/order.rules';
import { TicketSalesRepository } from '../order/ticket-sales.repository';
import { TicketService } from '../ticket/ticket.service';
import { StatsRepository } from '../stats/stats.repository';
import { WaitlistEntryEntity, WaitlistStatus } from '../waitlist/waitlist.entity';
import { holdOf } from '../waitlist/waitlist.rules';
import { WaitlistService } from '../waitlist/waitlist.service';
import { OfferFreedPlaces } from './offer-freed-places';
import { EndHold } from './end-hold';
import { RefundBooking } from './refund-booking';

/**
 * What event.* facts change here, each in the transaction of the message's inbox row: the inventory replica;
 * a cancellation closes the sale and cancels the bookings, the waiting list and the invitations.
 */
@Injectable()
export class ApplyEventFacts {
  constructor(
    private readonly inventory: InventoryService,
    private readonly claims: PlaceClaims,
    private readonly bookings: BookingService,
    private readonly waitlist: WaitlistService,
    private readonly invitations: InvitationService,
    private readonly offers: OfferFreedPlaces,
    private readonly stats: StatsRepository,
    private readonly refunds: RefundBooking,
    private readonly holds: EndHold,
    private readonly ticketSales: TicketSalesRepository,
    private readonly tickets: TicketService,
  ) {}

  /**
   * Published or updated: places (capacity raised, seats added) may have freed for the waiting list. A type
   * that gets a quota is counted from the bookings first, with the orders in flight committed and new ones
   * waiting (types without a quota are not counted as they sell).
   */
  async snapshot(manager: EntityManager, snapshot: EventSnapshot): Promise<void> {
    const before = await this.inventory.find(snapshot.eventId, manager);
    const capped = before ? newlyCapped(before.ticketTypes, snapshot.ticketTypes) : [];
    if (capped.length > 0) await this.inventory.lockTypes(manager, snapshot.eventId);
    if (!(await this.inventory.applySnapshot(manager, snapshot))) return;
    // The key that signs its tickets' codes, made now rather than by the first bookings of a rush.
    await this.tickets.keysOf(snapshot.eventId, manager);
    if (capped.length > 0) {
      await this.ticketSales.recount(manager, snapshot.eventId, capped, snapshot.ticketTypes[0].id);
    }
    await this.offers.execute(manager, snapshot.eventId);
  }

  async completed(manager: EntityManager, fact: EventCompleted): Promise<void> {
    await this.inventory.complete(manager, fact.eventId);
  }

  /**
   * event.cancelled: the event is closed for sale, then (once the bookings in flight have committed: they hold
   * their claims or seats) every confirmed booking is cancelled with one fact each, every live waiting-list
   * entry and every invitation, and every hold awaiting payment, and what they held is given back.
   */
  async cancelled(manager: EntityManager, fact: EventCancelled): Promise<void> {
    const { eventId } = fact;
    await this.bookings.lockTickets(manager, eventId);
    await this.inventory.applySnapshot(manager, fact.snapshot);
    await this.inventory.closeForSale(manager, eventId);
    await this.claims.voidAll(manager, eventId);
    await this.inventory.lockAllSeats(manager, eventId);
    const cancelled = await this.bookings.cancelConfirmed(manager, { eventId }, CancelReason.EventCancelled);
    // Every paid booking is refunded in full (in the cancellation's transaction: all or nothing).
    for (const booking of cancelled.filter((b) => b.totalAmount > 0)) {
      await this.refunds.refundLeft(manager, booking, null);
    }
    await this.inventory.release(manager, {
      places: cancelled.filter((b) => b.seats.length === 0).map((b) => ({ eventId, quantity: b.quantity })),
      seatsOfBookings: cancelled.filter((b) => b.seats.length > 0).map((b) => b.id),
    });
    // Holds awaiting payment end at once (a payment that still arrives is refunded: the event is cancelled).
    for (const hold of await this.bookings.pendingHolds(manager, eventId)) {
      await this.holds.execute(manager, hold, 'cancelled', CancelReason.EventCancelled);
    }
    await this.releaseWaitlist(manager, eventId, await this.waitlist.cancelForEvent(manager, eventId));
    const rsvp = await this.invitations.cancelForEvent(manager, eventId);
    if (rsvp.places > 0) {
      await this.inventory.release(manager, {
        places: [{ eventId, quantity: rsvp.places }],
        seatsOfBookings: [],
      });
    }
    if (rsvp.places > 0 || rsvp.yes > 0) {
      await this.stats.add(manager, { eventId, tickets: -rsvp.places, rsvpYes: -rsvp.yes });
    }
  }

  /** Offers' held places go back; entries still waiting stop counting. */
  private async releaseWaitlist(manager: EntityManager, eventId: string, cancelled: WaitlistEntryEntity[]) {
    if (cancelled.length === 0) return;
    const offered = cancelled.filter((e) => e.status === WaitlistStatus.Offered);
    await this.inventory.releaseHolds(manager, offered.map(holdOf));
    const waiting = cancelled.filter((e) => e.status === WaitlistStatus.Waiting).length;
    await this.inventory.leftWaiting(manager, eventId, waiting);
  }
}
