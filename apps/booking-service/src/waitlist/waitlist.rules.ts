import { BookingErrorCode, BookingException } from '../errors';
import { InventoryEntity } from '../inventory/inventory.entity';
import { Hold } from '../inventory/inventory.service';
import { isBookable, soldByType } from '../inventory/inventory.rules';
import { notOnSaleReason } from '../order/order.rules';
import { ValidationFailedException } from '@evently/common';
import { WaitlistEntryEntity, WaitlistStatus } from './waitlist.entity';
import { WaitlistErrorCode, WaitlistException } from './waitlist.exception';

/** The places an offered entry holds. */
export const holdOf = (entry: WaitlistEntryEntity): Hold => ({
  eventId: entry.eventId,
  holdId: entry.id,
  quantity: entry.quantity,
  seats: entry.offeredSeats,
});

/** What deciding a join needs: the event (locked), the person's live entry and tickets, what is free now. */
export interface JoinContext {
  event: InventoryEntity;
  live: WaitlistEntryEntity | null;
  ticketsHeld: number;
  limit: number;
  free: number;
  quantity: number;
}

/**
 * Why the person may not join the event's waiting list for `quantity` places, or null: the event must be on
 * sale with a list, the person not already on it nor past the ticket limit, and the places not free now
 * (those are booked, not waited for).
 */
export function joinRefusal(
  join: JoinContext,
  now = Date.now(),
): BookingException | WaitlistException | null {
  const { event } = join;
  if (!isBookable(event, now)) {
    return new BookingException(BookingErrorCode.EventNotBookable, 'This event is not on sale', {
      status: event.status,
    });
  }
  if (!event.waitlistEnabled) {
    return new WaitlistException(WaitlistErrorCode.WaitlistDisabled, 'This event has no waiting list');
  }
  if (join.live) {
    return new WaitlistException(WaitlistErrorCode.AlreadyWaitlisted, 'Already on the waiting list', {
      entryId: join.live.id,
    });
  }
  if (join.ticketsHeld + join.quantity > join.limit) {
    return new BookingException(
      BookingErrorCode.LimitExceeded,
      `At most ${join.limit} tickets per person for an event`,
      { limit: join.limit, held: join.ticketsHeld },
    );
  }
  if (join.free >= join.quantity) {
    return new WaitlistException(WaitlistErrorCode.TicketsAvailable, 'These places can be booked now', {
      available: join.free,
    });
  }
  return null;
}

/** Why an entry's offer cannot be answered (`lapsed`: its deadline has passed), or null. */
export function offerRefusal(entry: WaitlistEntryEntity, lapsed: boolean): WaitlistException | null {
  if (entry.status === WaitlistStatus.Expired || (entry.status === WaitlistStatus.Offered && lapsed)) {
    return new WaitlistException(WaitlistErrorCode.OfferExpired, 'The offer has expired', {
      offerExpiresAt: entry.offerExpiresAt?.toISOString() ?? null,
    });
  }
  if (entry.status !== WaitlistStatus.Offered) {
    return new WaitlistException(WaitlistErrorCode.NoOffer, 'Nothing is offered to this entry', {
      status: entry.status,
    });
  }
  return null;
}

/** Whether a person may leave with the entry as it is (leaving twice is fine: `Left` means nothing to do). */
export function leaveRefusal(entry: WaitlistEntryEntity): WaitlistException | null {
  if ([WaitlistStatus.Waiting, WaitlistStatus.Offered, WaitlistStatus.Left].includes(entry.status))
    return null;
  return new WaitlistException(WaitlistErrorCode.EntryClosed, `This entry is already ${entry.status}`, {
    status: entry.status,
  });
}

/**
 * The ticket type an entry waits for, or the refusal: on a general-admission event sold by ticket type, the
 * type named (or the only one on show), which must be sold by the event (UNKNOWN_TICKET_TYPES) and on sale
 * now (TICKET_TYPE_NOT_ON_SALE); none named among several is VALIDATION_FAILED. Other events: null (a seated
 * offer is priced by the sections of its seats, and naming a type there is VALIDATION_FAILED).
 */
export function waitedTicketType(
  event: InventoryEntity,
  requested: string | undefined,
  now = Date.now(),
): string | null {
  const seated = event.capacity === null;
  if (seated && requested !== undefined) {
    throw new ValidationFailedException({
      ticketTypeId: ["a seated event's offer is priced by the sections of the seats offered: name no type"],
    });
  }
  if (seated || !soldByType(event.ticketTypes)) return null;
  const shown = event.ticketTypes.filter((t) => !t.hidden);
  if (requested === undefined) {
    if (shown.length === 1) return shown[0].id;
    throw new ValidationFailedException({ ticketTypeId: ['name the ticket type to wait for'] });
  }
  const type = event.ticketTypes.find((t) => t.id === requested);
  if (!type) {
    throw new BookingException(BookingErrorCode.UnknownTicketTypes, 'This event sells no such ticket type', {
      ticketTypeIds: [requested],
    });
  }
  const reason = notOnSaleReason(type, now);
  if (reason) {
    throw new BookingException(
      BookingErrorCode.TicketTypeNotOnSale,
      `${type.name} is not on sale (${reason})`,
      {
        ticketTypeId: type.id,
        reason,
      },
    );
  }
  return type.id;
}
