// The organizer feed: every change to an organizer's events, numbered per organizer. Pure rules, unit-tested
// beside.

/** The kinds of change the feed (and webhooks) carry. */
export const FEED_TYPES = [
  'event.published',
  'event.updated',
  'event.cancelled',
  'event.completed',
  'booking.held',
  'booking.confirmed',
  'booking.cancelled',
  'booking.refunded',
  'payment.received',
  'ticket.checked_in',
  'rsvp.answered',
  'waitlist.offer_made',
  'waitlist.offer_taken',
] as const;
export type FeedType = (typeof FEED_TYPES)[number];

/** An entry about to be numbered: whose, what, from which fact, and what a receiver needs to know. */
export interface FeedDraft {
  organizerId: string;
  type: FeedType;
  eventId: string | null;
  bookingId?: string | null;
  factId: string;
  occurredAt: Date;
  data: Record<string, unknown>;
}

export interface FeedEntry extends FeedDraft {
  seq: number;
  recordedAt: Date;
}

/** Whether a subscription to `types` (or every type: `*`), on one event or all, wants `entry`. */
export const wants = (
  subscription: { types: string[]; eventId: string | null },
  entry: { type: string; eventId: string | null },
): boolean =>
  (subscription.types.includes('*') || subscription.types.includes(entry.type)) &&
  (subscription.eventId === null || subscription.eventId === entry.eventId);

/** A snapshot as the feed carries it: every field but the list of seats (their number instead). */
export function eventData<T extends { seats: unknown[] | null }>(
  snapshot: T,
): Omit<T, 'seats'> & { seatCount: number | null } {
  const { seats, ...rest } = snapshot;
  return { ...rest, seatCount: seats ? seats.length : null };
}
