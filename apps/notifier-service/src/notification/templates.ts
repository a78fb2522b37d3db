import { formatMoney, type Money } from '@evently/money';
import { formatWhen } from '@evently/time';

// Texts of every notification, as (title, body) for the inbox and subject/text/HTML for the email.
export enum NotificationType {
  Welcome = 'welcome',
  BookingConfirmed = 'booking_confirmed',
  BookingCancelled = 'booking_cancelled',
  EventUpdated = 'event_updated',
  EventCancelled = 'event_cancelled',
  WaitlistOffer = 'waitlist_offer',
  EventReminder = 'event_reminder',
  Invitation = 'invitation',
  RsvpReceived = 'rsvp_received',
  RsvpSummary = 'rsvp_summary',
  PaymentDue = 'payment_due',
  HoldExpired = 'hold_expired',
  Refunded = 'refunded',
  WebhookDisabled = 'webhook_disabled',
}

export interface EventFacts {
  eventId: string;
  /** The event's version: calendar entries sent for it carry it as their SEQUENCE. */
  version: number;
  title: string;
  startsAt: Date;
  endsAt: Date;
  /** IANA name: every time a notice states is on this zone's clocks. */
  timeZone: string;
  venueName: string;
  venueCity: string;
  venueAddress: string | null;
  /** published, cancelled or completed (a draft is never heard of). */
  status: string;
  /** Null for events last heard of before the replica kept it. */
  organizerId: string | null;
}

export interface Message {
  title: string;
  body: string;
}

/** An instant on the event's clocks with the zone's abbreviation: "Sat 24 Dec, 19:30 WET". */
export const when = (date: Date, event: Pick<EventFacts, 'timeZone'>): string =>
  formatWhen(date, event.timeZone);

export const where = (event: EventFacts): string =>
  [event.venueName, event.venueAddress, event.venueCity].filter(Boolean).join(', ');

/** What a person holds, in words ("2 tickets", "seats A-1-5, A-1-6"); "your place" if nothing is known. */
export const holdingText = (holding: { quantity: number; seats: string[] } | undefined): string =>
  holding && holding.quantity > 0 ? tickets(holding.quantity, holding.seats) : 'your place';

const tickets = (quantity: number, seats: string[]) =>
  seats.length > 0
    ? `seat${seats.length > 1 ? 's' : ''} ${seats.join(', ')}`
    : `${quantity} ticket${quantity > 1 ? 's' : ''}`;

export const welcomeMessage = (fullName: string): Message => ({
  title: `Welcome to Evently, ${fullName}`,
  body: 'Your account is ready. Find an event you like and book your place.',
});

export const bookingConfirmedMessage = (event: EventFacts, quantity: number, seats: string[]): Message => ({
  title: `Booking confirmed: ${event.title}`,
  body: `You have ${tickets(quantity, seats)} for ${event.title}, ${when(event.startsAt, event)}, at ${where(event)}. The calendar invitation is attached to the email.`,
});

export const bookingCancelledMessage = (
  event: EventFacts,
  quantity: number,
  seats: string[],
  byAdmin: boolean,
): Message => ({
  title: `Booking cancelled: ${event.title}`,
  body: `Your booking of ${tickets(quantity, seats)} for ${event.title} (${when(event.startsAt, event)}) was cancelled${byAdmin ? ' by an administrator' : ''}. The places are released.`,
});

export const eventUpdatedMessage = (event: EventFacts, changed: string[]): Message => {
  const lines = [];
  if (changed.includes('startsAt') || changed.includes('endsAt'))
    lines.push(`It now takes place ${when(event.startsAt, event)} (until ${when(event.endsAt, event)}).`);
  if (changed.includes('venue')) lines.push(`The venue is now ${where(event)}.`);
  return { title: `${event.title} has changed`, body: `${lines.join(' ')} Your booking stays valid.` };
};

export const eventCancelledMessage = (event: EventFacts, reason: string | null): Message => ({
  title: `${event.title} is cancelled`,
  body: `${event.title}, planned ${when(event.startsAt, event)} at ${where(event)}, is cancelled${reason ? `: ${reason}` : ''}. Your bookings and waiting-list places for it are cancelled.`,
});

export const waitlistOfferMessage = (
  event: EventFacts,
  quantity: number,
  seats: string[],
  expiresAt: Date,
): Message => ({
  title: `Places for you: ${event.title}`,
  body: `Your ${tickets(quantity, seats)} for ${event.title} (${when(event.startsAt, event)}, ${where(event)}) ${quantity > 1 || seats.length > 1 ? 'are' : 'is'} held for you until ${when(expiresAt, event)}. Accept the offer in your waiting list before then, or they pass to the next person.`,
});

/** A priced order awaits payment: how much, how, and by when (on the event's clocks). */
export const paymentDueMessage = (
  event: EventFacts,
  quantity: number,
  total: Money,
  reference: string,
  expiresAt: Date,
): Message => ({
  title: `Payment due: ${event.title}`,
  body: `${tickets(quantity, [])} for ${event.title} (${when(event.startsAt, event)}, ${where(event)}) ${quantity > 1 ? 'are' : 'is'} held for you until ${when(expiresAt, event)}. Pay ${formatMoney(total)} by bank transfer with the reference ${reference}; the organizer confirms your booking when it arrives. Unpaid, the places go back then.`,
});

export const holdExpiredMessage = (event: EventFacts, quantity: number): Message => ({
  title: `Not paid in time: ${event.title}`,
  body: `The ${tickets(quantity, [])} held for you for ${event.title} (${when(event.startsAt, event)}) went back on sale: the payment did not arrive before the deadline. You can order again while places are left.`,
});

export const refundedMessage = (event: EventFacts, amount: Money, provider: string): Message => ({
  title: `Refund: ${event.title}`,
  body: `${formatMoney(amount)} of your booking for ${event.title} (${when(event.startsAt, event)}) is refunded${provider === 'offline' ? ': the organizer transfers it back to you' : ' to the card you paid with'}.`,
});

/** A reminder; `holding` is filled per person (the fan-out's placeholder, or the guest's places). */
export const eventReminderMessage = (event: EventFacts, minutesBefore: number, holding: string): Message => ({
  title: `Reminder: ${event.title} ${inTime(minutesBefore)}`,
  body: `${event.title} starts ${inTime(minutesBefore)}: ${when(event.startsAt, event)}, at ${where(event)}. You have ${holding}. See you there!`,
});

const inTime = (minutes: number): string => {
  if (minutes % 1440 === 0) return `in ${minutes / 1440} day${minutes === 1440 ? '' : 's'}`;
  if (minutes % 60 === 0) return `in ${minutes / 60} hour${minutes === 60 ? '' : 's'}`;
  return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
};

export interface InvitationDetails {
  guestName: string | null;
  message: string | null;
  rsvpBy: Date;
  plusOnesAllowed: number;
  /** The RSVP link with the guest's token (emails only; in-app, the invitation is in the guest's list). */
  link?: string;
}

export const invitationMessage = (event: EventFacts, invitation: InvitationDetails): Message => {
  const plusOnes =
    invitation.plusOnesAllowed > 0
      ? ` You may bring up to ${invitation.plusOnesAllowed} guest${invitation.plusOnesAllowed > 1 ? 's' : ''}.`
      : '';
  const note = invitation.message ? ` The host writes: "${invitation.message}"` : '';
  const answer = invitation.link
    ? `Answer yes, no or maybe by ${when(invitation.rsvpBy, event)}: ${invitation.link}`
    : `Answer yes, no or maybe in your invitations by ${when(invitation.rsvpBy, event)}.`;
  return {
    title: `You are invited: ${event.title}`,
    body: `${invitation.guestName ? `${invitation.guestName}, you` : 'You'} are invited to ${event.title}, ${when(event.startsAt, event)}, at ${where(event)}.${plusOnes}${note} ${answer}`,
  };
};

export const rsvpReceivedMessage = (
  event: EventFacts,
  guest: string,
  response: string,
  plusOnes: number,
  comment: string | null,
): Message => ({
  title: `${guest} answered ${response}: ${event.title}`,
  body: `${guest} answered ${response}${plusOnes > 0 ? ` with ${plusOnes} plus-one${plusOnes > 1 ? 's' : ''}` : ''} to your invitation to ${event.title}.${comment ? ` "${comment}"` : ''}`,
});

export const rsvpSummaryMessage = (
  event: EventFacts,
  counts: { invited: number; yes: number; no: number; maybe: number; pending: number; attending: number },
  allAnswered: boolean,
): Message => ({
  title: `RSVP summary: ${event.title}`,
  body: `${allAnswered ? 'Every guest has answered' : 'Answers are closed'} for ${event.title} (${when(event.startsAt, event)}). Invited ${counts.invited}: ${counts.yes} yes, ${counts.no} no, ${counts.maybe} maybe, ${counts.pending} without an answer. Attending, plus-ones included: ${counts.attending}.`,
});

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** The email of a notification: the same words as the inbox, as plain text and as simple HTML. */
/** The email of a notice; `toGuest` for an address without an account (an invited guest). */
export function emailOf(message: Message, toGuest = false): { subject: string; text: string; html: string } {
  const footer = toGuest
    ? 'You receive this because an organizer invited this address to an event on Evently.'
    : 'You receive this because you have an Evently account. Your notifications are also in the app.';
  return {
    subject: message.title,
    text: `${message.title}\n\n${message.body}\n\n--\n${footer}\n`,
    html:
      `<!doctype html><html><body style="font-family:sans-serif;max-width:560px">` +
      `<h2>${escapeHtml(message.title)}</h2><p>${escapeHtml(message.body)}</p>` +
      `<hr><p style="color:#666;font-size:12px">${escapeHtml(footer)}</p></body></html>`,
  };
}
