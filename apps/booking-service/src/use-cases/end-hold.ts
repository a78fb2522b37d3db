import { CancelReason } from '@evently/contracts';
import { defineJobQueue, SchedulerService } from '@evently/scheduler';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BookingEntity } from '../booking/booking.entity';
import { BookingService } from '../booking/booking.service';
import { InventoryService } from '../inventory/inventory.service';
import { TicketSalesRepository } from '../order/ticket-sales.repository';
import { PromoCodeService } from '../promo/promo-code.service';
import { OfferFreedPlaces } from './offer-freed-places';

/** A priced order's hold lapses at its `expiresAt` unless it was paid (or cancelled) first. */
export const HOLD_EXPIRY = defineJobQueue<{ bookingId: string; eventId: string; userId: string }>(
  'booking.hold-expiry',
);

/**
 * Ends a hold awaiting payment: at its deadline (the HOLD_EXPIRY job: `expired`), or when its holder cancels
 * it (`cancelled`). Its places (or seats) go back at once, to the event and to their ticket types (and its
 * promo code's use to the code), and are offered to the waiting list in the same transaction. Once paid, a hold is a booking and nothing here touches it.
 */
@Injectable()
export class EndHold implements OnModuleInit {
  constructor(
    private readonly bookings: BookingService,
    private readonly inventory: InventoryService,
    private readonly ticketSales: TicketSalesRepository,
    private readonly offers: OfferFreedPlaces,
    private readonly scheduler: SchedulerService,
    private readonly promos: PromoCodeService,
  ) {}

  onModuleInit(): void {
    this.scheduler.handle(HOLD_EXPIRY, (manager, job) =>
      this.execute(manager, job, 'expired').then(() => undefined),
    );
  }

  /** Plans the hold's end at its deadline, in the transaction that made it. */
  async plan(manager: EntityManager, hold: BookingEntity): Promise<void> {
    const job = { bookingId: hold.id, eventId: hold.eventId, userId: hold.userId };
    await this.scheduler.schedule(manager, HOLD_EXPIRY, job, hold.expiresAt!);
  }

  /** Ends the hold if it still is one; the ended booking, or null. */
  async execute(
    manager: EntityManager,
    hold: { bookingId: string; eventId: string; userId: string },
    status: 'expired' | 'cancelled',
    reason: CancelReason | null = null,
  ): Promise<BookingEntity | null> {
    // The lock order of every writer: the person's ticket count, the event's row, then the booking.
    await this.bookings.lockTickets(manager, hold.eventId, hold.userId);
    await this.inventory.lockEvent(manager, hold.eventId);
    const ended = await this.bookings.endHold(manager, hold.bookingId, status, reason);
    if (!ended) return null;
    await this.bookings.announceHoldEnded(manager, ended, status);
    const seated = ended.seats.length > 0;
    await this.inventory.release(manager, {
      places: seated ? [] : [{ eventId: ended.eventId, quantity: ended.quantity }],
      seatsOfBookings: seated ? [ended.id] : [],
    });
    await this.ticketSales.giveBack(manager, ended.eventId, ended.items);
    if (ended.promoCodeId) await this.promos.giveBackUse(manager, ended.promoCodeId);
    await this.offers.execute(manager, ended.eventId);
    return ended;
  }
}
