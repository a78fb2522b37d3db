import { InjectConfig } from '@evently/common';
import { Injectable } from '@nestjs/common';
import type { NotifierServiceConfig } from '../config/notifier-service.config';
import { EventFacts } from '../notification/templates';
import {
  CalendarBooking,
  calendarCancel,
  calendarFeed,
  calendarRequest,
  CalendarEntry,
  CalendarSender,
} from './ical';

/** The calendar files of bookings, sent by this deployment (its sender address and public address). */
@Injectable()
export class CalendarFiles {
  private readonly sender: CalendarSender;

  constructor(@InjectConfig() config: NotifierServiceConfig) {
    this.sender = { organizer: config.MAIL_FROM, publicUrl: config.PUBLIC_URL };
  }

  /** Adds or updates the entries of `bookings` (of one event). */
  request(bookings: CalendarBooking[], event: EventFacts): string {
    return calendarRequest(
      bookings.map((booking) => ({ booking, event })),
      this.sender,
    );
  }

  /** Cancels the entries of `bookings`; `eventCancelled` when the whole event is (its version was raised). */
  cancel(bookings: CalendarBooking[], event: EventFacts, eventCancelled: boolean): string {
    return calendarCancel(
      bookings.map((booking) => ({ booking, event })),
      this.sender,
      eventCancelled ? event.version : event.version + 1,
    );
  }

  feed(entries: CalendarEntry[]): string {
    return calendarFeed(entries, this.sender);
  }
}
