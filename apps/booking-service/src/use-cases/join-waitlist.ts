import { AuthUser } from '@evently/auth';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BookingService } from '../booking/booking.service';
import { InventoryService } from '../inventory/inventory.service';
import { PositionedEntry } from '../waitlist/waitlist.entity';
import { joinRefusal, waitedTicketType } from '../waitlist/waitlist.rules';
import { WaitlistService } from '../waitlist/waitlist.service';

/**
 * POST /waitlist: joins the event's waiting list for `quantity` places when they cannot be booked now (of
 * `ticketTypeId` on a general-admission event sold by ticket type: its offer is an order of that type). Joins
 * of one event are serialised by its inventory row, so positions are 1..n without gaps however many join at
 * once.
 */
@Injectable()
export class JoinWaitlist {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inventory: InventoryService,
    private readonly bookings: BookingService,
    private readonly waitlist: WaitlistService,
  ) {}

  execute(
    caller: AuthUser,
    eventId: string,
    quantity: number,
    ticketTypeId?: string,
  ): Promise<PositionedEntry> {
    return this.dataSource.transaction(async (manager) => {
      await this.inventory.visibleEvent(caller, eventId, manager);
      const ticketsHeld = await this.bookings.ticketsHeld(manager, eventId, caller.id);
      const event = await this.inventory.lockEvent(manager, eventId);
      const live = await this.waitlist.findLive(manager, eventId, caller.id);
      const free = await this.inventory.freePlaces(manager, event);
      const limit = this.bookings.ticketLimit;
      const refusal = joinRefusal({ event, live, ticketsHeld, limit, free, quantity });
      if (refusal) throw refusal;
      const waited = waitedTicketType(event, ticketTypeId);
      const seq = await this.inventory.joinWaitingList(manager, eventId);
      return this.waitlist.add(manager, { eventId, userId: caller.id, quantity, seq, ticketTypeId: waited });
    });
  }
}
