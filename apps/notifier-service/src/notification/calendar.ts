import { createEvent } from 'ics';
import type { EventFacts } from './templates';
import { where } from './templates';

/** An iCalendar (.ics) invitation for a booking; the UID is stable, so a resent one updates the same entry. */
export function calendarInvite(bookingId: string, event: EventFacts, description: string): string {
  const { error, value } = createEvent({
    uid: `${bookingId}@evently`,
    title: event.title,
    description,
    location: where(event),
    start: event.startsAt.getTime(),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: event.endsAt.getTime(),
    endInputType: 'utc',
    endOutputType: 'utc',
    method: 'PUBLISH',
    productId: 'evently/notifier',
  });
  if (error || !value) throw new Error(`cannot build the calendar invitation: ${error?.message ?? 'empty'}`);
  return value;
}
