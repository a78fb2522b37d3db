import { AuthUser } from '@evently/auth';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BookingEntity } from '../booking/booking.entity';
import { BookingService } from '../booking/booking.service';
import { IdempotencyService, RecordedResponse, ResponseRenderer } from '../idempotency/idempotency.service';
import { InventoryService } from '../inventory/inventory.service';
import { canAccess, eventNotFound } from '../inventory/inventory.rules';
import { WaitlistService } from '../waitlist/waitlist.service';

/**
 * POST /waitlist/:id/accept: books exactly the places held for a waiting-list offer (the per-person limit
 * still applies) and closes the entry, at most once per Idempotency-Key. OFFER_EXPIRED once its deadline
 * has passed, even if the expiry job has not run yet; the job then finds it handled or expires it, never both.
 */
@Injectable()
export class AcceptOffer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly waitlist: WaitlistService,
    private readonly bookings: BookingService,
    private readonly inventory: InventoryService,
    private readonly idempotency: IdempotencyService,
  ) {}

  async execute(
    caller: AuthUser,
    entryId: string,
    key: string | undefined,
    render: ResponseRenderer<BookingEntity>,
  ): Promise<RecordedResponse> {
    const request = { acceptOffer: entryId };
    const call = await this.idempotency.begin(
      key === undefined ? undefined : { userId: caller.id, key, request },
    );
    if (call.replay) return call.replay;
    try {
      return await this.dataSource.transaction(async (manager) => {
        await call.hold(manager);
        return call.record(manager, render.done(await this.accept(manager, caller, entryId)));
      });
    } catch (error) {
      return call.settle(error, render);
    }
  }

  /** In the caller's transaction: the booking made of the offer's places. */
  async accept(manager: EntityManager, caller: AuthUser, entryId: string): Promise<BookingEntity> {
    const owned = await this.waitlist.findOwn(manager, caller.id, entryId);
    // The lock order: the person's ticket count, the event's row, then the entry.
    await this.bookings.lockTickets(manager, owned.eventId, caller.id);
    const event = await this.inventory.lockEvent(manager, owned.eventId);
    const entry = await this.waitlist.lock(manager, entryId);
    const hold = await this.waitlist.openOffer(manager, entry);
    if (!canAccess(event, caller)) throw eventNotFound();
    this.inventory.assertCanSell(event, hold.seats.length > 0 ? undefined : hold.quantity, true);
    await this.bookings.addTickets(manager, entry.eventId, caller.id, hold.quantity);
    await this.inventory.sellHeldPlaces(manager, hold);
    const draft = { eventId: entry.eventId, userId: caller.id, quantity: hold.quantity, seats: hold.seats };
    const booking = (await this.bookings.confirm(manager, draft))!;
    await this.inventory.bookHeldSeats(manager, hold, booking.id);
    await this.waitlist.markAccepted(manager, entry, booking.id);
    return booking;
  }
}
