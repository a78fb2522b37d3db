import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BookingEntity } from '../booking/booking.entity';
import { BookingService } from '../booking/booking.service';
import { InventoryEntity, InventoryStatus } from '../inventory/inventory.entity';
import { isBookable } from '../inventory/inventory.rules';
import { InventoryService } from '../inventory/inventory.service';
import { TicketSalesRepository } from '../order/ticket-sales.repository';
import { PaymentRepository } from '../payment/payment.repository';
import { settlementOf } from '../payment/payment.rules';
import { PromoCodeService } from '../promo/promo-code.service';
import { RefundBooking } from './refund-booking';

/** A payment a provider reports: its amount and the provider's reference of it (recorded once). */
export interface ReportedPayment {
  bookingId: string;
  provider: string;
  amount: number;
  currency: string;
  reference: string;
  recordedBy: string | null;
}

/** What the payment did: confirmed the hold, confirmed a lapsed hold again, was refunded, or was seen before. */
export type Settlement = 'confirmed' | 'revived' | 'refunded' | 'duplicate';

/**
 * A payment arrives (the organizer's mark-paid, a provider's webhook): it goes in the ledger once per
 * provider reference, and in the same transaction confirms the hold it pays for; a hold that lapsed takes
 * its places again if they are still free (else the payment is refunded at once), and a payment the booking
 * cannot take (paid already, cancelled, not its total) is refunded. A replay finds the ledger row and changes
 * nothing: one confirmation, one notice.
 */
@Injectable()
export class SettlePayment {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bookings: BookingService,
    private readonly inventory: InventoryService,
    private readonly payments: PaymentRepository,
    private readonly ticketSales: TicketSalesRepository,
    private readonly promos: PromoCodeService,
    private readonly refunds: RefundBooking,
  ) {}

  /**
   * `alongside`, when given, runs in the settlement's transaction once the payment is recorded (not for a
   * duplicate): what must commit with it, such as the audit line of an organizer's mark-paid.
   */
  async execute(
    payment: ReportedPayment,
    alongside?: (manager: EntityManager) => Promise<unknown>,
  ): Promise<{ settlement: Settlement; booking: BookingEntity } | null> {
    const found = await this.bookings.findById(payment.bookingId);
    if (!found) return null;
    return this.dataSource.transaction(async (manager) => {
      // The person's ticket count first, like every writer of their bookings: while it is held, neither the
      // hold's end nor the event's cancellation (which take it first) can change this booking. Confirming a
      // hold needs no lock of the event's row (payments of one sale then settle side by side); taking a
      // lapsed hold's places again does, and every other writer that locks the row and then a booking of
      // this person holds their count first, so taking it after the booking cannot deadlock.
      await this.bookings.lockTickets(manager, found.eventId, found.userId);
      const booking = (await this.bookings.lock(manager, found.id))!;
      const entry = await this.payments.record(manager, { ...payment, kind: 'payment' });
      if (!entry) return { settlement: 'duplicate' as const, booking };
      await alongside?.(manager);
      const seen = (await this.inventory.find(found.eventId, manager))!;
      const action = settlementOf(booking, payment, seen.status === InventoryStatus.Cancelled);
      if (action === 'confirm') {
        return {
          settlement: 'confirmed' as const,
          booking: (await this.bookings.confirmPaid(manager, booking))!,
        };
      }
      const event = action === 'revive' ? await this.inventory.lockEvent(manager, found.eventId) : seen;
      if (action === 'revive' && isBookable(event)) {
        const revived = await this.revive(manager, booking, event);
        if (revived) return { settlement: 'revived' as const, booking: revived };
      }
      await this.refunds.refundLeft(manager, booking, payment.recordedBy, payment.amount, entry);
      return { settlement: 'refunded' as const, booking };
    });
  }

  /**
   * Takes a lapsed hold's places again, if every part is still free: the event's places (or the very seats),
   * the person's tickets, each type's quota and a use of its code. Inside a savepoint: a part that is gone undoes the
   * others, and the caller refunds instead.
   */
  private async revive(
    manager: EntityManager,
    booking: BookingEntity,
    event: InventoryEntity,
  ): Promise<BookingEntity | null> {
    await manager.query('SAVEPOINT revive_hold');
    try {
      if (booking.seats.length === 0)
        await this.inventory.sellPlaces(manager, event.eventId, booking.quantity);
      else {
        await this.inventory.lockSeatsForSale(manager, event.eventId, booking.seats);
        await this.inventory.assignSeats(manager, event.eventId, booking.seats, booking.id);
      }
      await this.bookings.addTickets(manager, event.eventId, booking.userId, booking.quantity);
      const short = await this.ticketSales.take(manager, event.eventId, booking.items, event.ticketTypes);
      if (short) throw new Error(`${short.name} is gone`);
      if (booking.promoCodeId) {
        const code = await this.promos.byId(manager, event.eventId, booking.promoCodeId);
        await this.promos.takeUse(manager, code);
      }
      const revived = await this.bookings.confirmPaid(manager, booking, true);
      await manager.query('RELEASE SAVEPOINT revive_hold');
      return revived;
    } catch {
      await manager.query('ROLLBACK TO SAVEPOINT revive_hold');
      return null;
    }
  }
}
