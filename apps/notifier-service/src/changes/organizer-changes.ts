import type {
  BookingCancelledV1,
  BookingConfirmedV1,
  BookingHeldV1,
  BookingRefundedV1,
  EventSnapshot,
  InvitationRespondedV1,
  TicketCheckedInV1,
  WaitlistClosedV1,
  WaitlistOfferedV1,
} from '@evently/contracts';
import { MessageContext } from '@evently/messaging';
import { Injectable } from '@nestjs/common';
import { ContactRepository } from '../contact/contact.repository';
import type { EventFacts } from '../notification/templates';
import { EventReplica } from '../event-replica/event-replica.service';
import { FeedRepository } from '../feed/feed.repository';
import { eventData, FeedDraft, FeedType } from '../feed/feed.rules';
import { WebhookRepository } from '../webhook/webhook.repository';

/**
 * Every change to an organizer's events, as it arrives (a fact, in its inbox transaction): a numbered feed
 * entry, and a delivery for each webhook that wants it, committed with the fact's handling (once).
 */
@Injectable()
export class OrganizerChanges {
  constructor(
    private readonly feed: FeedRepository,
    private readonly webhooks: WebhookRepository,
    private readonly events: EventReplica,
    private readonly contacts: ContactRepository,
  ) {}

  async event(
    ctx: MessageContext,
    type: FeedType,
    snapshot: EventSnapshot,
    extra: Record<string, unknown> = {},
  ) {
    await this.record(ctx, {
      organizerId: snapshot.organizerId,
      type,
      eventId: snapshot.eventId,
      data: { ...eventData(snapshot), ...extra },
    });
  }

  /** A booking confirmed, of `event` as the notice read it (one read of the event per fact). */
  async bookingConfirmed(ctx: MessageContext, fact: BookingConfirmedV1, event: EventFacts): Promise<void> {
    const organizerId = organizerIn(event);
    const held = await this.feed.ofBooking(ctx.manager, fact.bookingId, 'booking.held');
    const holder = await this.contacts.find(ctx.manager, fact.userId);
    const booking = {
      bookingId: fact.bookingId,
      eventId: fact.eventId,
      quantity: fact.quantity,
      seats: fact.seats,
      holder: { userId: fact.userId, name: holder?.fullName ?? null, email: holder?.email ?? null },
      tickets: (fact.tickets ?? []).map((t) => ({ ticketId: t.ticketId, seat: t.seat })),
    };
    // A booking confirmed after it was held awaiting payment: it was paid.
    if (held) {
      await this.record(ctx, {
        organizerId,
        type: 'payment.received',
        eventId: fact.eventId,
        bookingId: fact.bookingId,
        data: {
          bookingId: fact.bookingId,
          eventId: fact.eventId,
          amount: held.data.total,
          items: held.data.items,
        },
      });
    }
    await this.record(ctx, {
      organizerId,
      type: 'booking.confirmed',
      eventId: fact.eventId,
      bookingId: fact.bookingId,
      data: booking,
    });
  }

  async booking(
    ctx: MessageContext,
    type: 'booking.held' | 'booking.cancelled' | 'booking.refunded',
    fact: BookingHeldV1 | BookingCancelledV1 | BookingRefundedV1,
  ): Promise<void> {
    const holder = await this.contacts.find(ctx.manager, fact.userId);
    await this.record(ctx, {
      organizerId: await this.organizerOf(ctx, fact.eventId),
      type,
      eventId: fact.eventId,
      bookingId: fact.bookingId,
      data: {
        ...fact,
        holder: { userId: fact.userId, name: holder?.fullName ?? null, email: holder?.email ?? null },
      },
    });
  }

  async ticketCheckedIn(ctx: MessageContext, fact: TicketCheckedInV1): Promise<void> {
    await this.record(ctx, {
      organizerId: await this.organizerOf(ctx, fact.eventId),
      type: 'ticket.checked_in',
      eventId: fact.eventId,
      bookingId: fact.bookingId,
      data: { ...fact },
    });
  }

  async rsvpAnswered(ctx: MessageContext, fact: InvitationRespondedV1): Promise<void> {
    await this.record(ctx, {
      organizerId: fact.organizerId,
      type: 'rsvp.answered',
      eventId: fact.eventId,
      data: { ...fact },
    });
  }

  async waitlist(ctx: MessageContext, fact: WaitlistOfferedV1 | WaitlistClosedV1): Promise<void> {
    const type: FeedType = 'offerExpiresAt' in fact ? 'waitlist.offer_made' : 'waitlist.offer_taken';
    if (type === 'waitlist.offer_taken' && (fact as WaitlistClosedV1).status !== 'accepted') return;
    await this.record(ctx, {
      organizerId: await this.organizerOf(ctx, fact.eventId),
      type,
      eventId: fact.eventId,
      bookingId: 'bookingId' in fact ? fact.bookingId : null,
      data: { ...fact },
    });
  }

  private async organizerOf(ctx: MessageContext, eventId: string): Promise<string> {
    return organizerIn(await this.events.factsOf(ctx.manager, eventId));
  }

  private async record(ctx: MessageContext, draft: Omit<FeedDraft, 'factId' | 'occurredAt'>): Promise<void> {
    const entry = await this.feed.append(ctx.manager, {
      ...draft,
      factId: ctx.messageId,
      occurredAt: new Date(ctx.envelope.occurredAt),
    });
    if (entry) await this.webhooks.enqueue(ctx.manager, entry);
  }
}

function organizerIn(event: EventFacts): string {
  if (!event.organizerId) throw new Error(`event ${event.eventId}'s organizer is not known yet`);
  return event.organizerId;
}
