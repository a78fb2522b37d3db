import { OutboxService } from '@evently/messaging';
import { AuthUser } from '@evently/auth';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { BookingEntity } from '../booking/booking.entity';
import { BookingService } from '../booking/booking.service';
import { BookingErrorCode, BookingException, notEventOrganizer } from '../errors';
import { canOrganize } from '../inventory/inventory.rules';
import { InventoryService } from '../inventory/inventory.service';
import { LedgerEntry, PaymentRepository } from '../payment/payment.repository';
import { ProviderRefunds } from './provider-refund';

/**
 * POST /bookings/:id/refunds: the event's organizer (or an admin) gives money back, all that is left or
 * `amount` of it. Refunds of one booking are serialized on its row, and each is checked against the ledger
 * in that transaction: what is refunded never exceeds what was paid, however many arrive at once. Offline
 * payments are refunded offline (the organizer transfers the money; the ledger records that it is owed).
 */
@Injectable()
export class RefundBooking {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bookings: BookingService,
    private readonly inventory: InventoryService,
    private readonly payments: PaymentRepository,
    private readonly providerRefunds: ProviderRefunds,
    private readonly outbox: OutboxService,
  ) {}

  async execute(caller: AuthUser, bookingId: string, amount?: number): Promise<LedgerEntry> {
    const found = await this.bookings.getBooking(caller, bookingId);
    const event = await this.inventory.find(found.eventId);
    if (!event || !canOrganize(caller, event)) throw notEventOrganizer();
    return this.dataSource.transaction(async (manager) => {
      const booking = (await this.bookings.lock(manager, bookingId))!;
      const refund = await this.refundLeft(manager, booking, caller.id, amount);
      if (!refund) {
        throw new BookingException(BookingErrorCode.RefundExceedsPaid, 'Nothing is left to refund', {
          requested: amount ?? null,
          refundable: 0,
        });
      }
      await this.outbox.audit(manager, caller, {
        action: 'booking.refunded',
        targetType: 'booking',
        targetId: bookingId,
        eventId: event.eventId,
        organizerId: event.organizerId,
        details: { amount: refund.amount, currency: refund.currency, refundId: refund.id },
      });
      return refund;
    });
  }

  /**
   * Refunds `amount` (default: all that is left) of a booking whose row the caller holds locked, or null
   * when nothing was paid or is left; REFUND_EXCEEDS_PAID when `amount` is more than is left. The money goes
   * back through the provider of `against` (default: the booking's first payment), by a job planned here.
   */
  async refundLeft(
    manager: EntityManager,
    booking: BookingEntity,
    by: string | null,
    amount?: number,
    against?: { provider: string; reference: string },
  ): Promise<LedgerEntry | null> {
    const bookingId = booking.id;
    const balance = (await this.payments.balances(manager, [bookingId])).get(bookingId);
    const refundable = balance ? balance.paid - balance.refunded : 0;
    if (amount !== undefined && amount > refundable) {
      throw new BookingException(
        BookingErrorCode.RefundExceedsPaid,
        `At most ${refundable} (minor units) is left to refund`,
        { requested: amount, refundable },
      );
    }
    const give = amount ?? refundable;
    if (!balance || give <= 0) return null;
    const payment =
      against ?? (await this.payments.ledgerOf(manager, bookingId)).find((e) => e.kind === 'payment')!;
    const refund = await this.payments.record(manager, {
      bookingId,
      kind: 'refund',
      provider: payment.provider,
      amount: give,
      currency: balance.currency,
      reference: `${payment.provider}-refund:${randomUUID()}`,
      recordedBy: by,
    });
    if (!refund) return null;
    await this.providerRefunds.plan(manager, {
      provider: refund.provider,
      refundId: refund.id,
      paymentReference: payment.reference,
      amount: refund.amount,
      currency: refund.currency,
    });
    // Nothing of it paid for any more: its tickets no longer open the door.
    if (give === refundable) await this.bookings.voidTickets(manager, bookingId);
    await this.bookings.announceRefund(manager, booking, refund);
    return refund;
  }
}
