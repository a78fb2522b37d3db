import { EventCancelled, EventSnapshot, EventUpdated } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AttendanceRepository, Audience } from '../attendance/attendance.repository';
import { EventReplica, snapshotFacts } from '../event-replica/event-replica.service';
import { FanoutService } from '../fanout/fanout.service';
import { EmailOutboxRepository } from '../email/email-outbox.repository';
import { ReminderService } from '../reminder/reminder.service';
import {
  emailOf,
  eventCancelledMessage,
  eventUpdatedMessage,
  NotificationType,
} from '../notification/templates';

/** Changes attendees are told about; a new title or description alone is not worth an email. */
const NOTIFIED_CHANGES = ['startsAt', 'endsAt', 'venue'];

/** What event.* facts change here: the event replica, and notices to the event's audience. */
@Injectable()
export class EventFactsService {
  constructor(
    private readonly events: EventReplica,
    private readonly fanouts: FanoutService,
    private readonly attendances: AttendanceRepository,
    private readonly emails: EmailOutboxRepository,
    private readonly reminders: ReminderService,
  ) {}

  /** Reminders are planned from it (a late, older snapshot changes nothing). */
  async published(manager: EntityManager, snapshot: EventSnapshot): Promise<void> {
    if (await this.events.record(manager, snapshot)) await this.reminders.replan(manager, snapshot);
  }

  /**
   * A change of time or place goes to every current attendee, once per event version; reminders follow a
   * new start or a new list.
   */
  async updated(manager: EntityManager, fact: EventUpdated): Promise<void> {
    if (await this.events.record(manager, fact.snapshot)) await this.reminders.replan(manager, fact.snapshot);
    const changed = fact.changed.filter((field) => NOTIFIED_CHANGES.includes(field));
    if (changed.length === 0) return;
    await this.fanouts.plan(manager, {
      eventId: fact.eventId,
      cause: `event-updated:${fact.eventId}:${fact.snapshot.version}`,
      type: NotificationType.EventUpdated,
      audience: Audience.Confirmed,
      // Each booking's calendar entry moves too (a new SEQUENCE, METHOD:REQUEST).
      calendar: 'request',
      message: eventUpdatedMessage(snapshotFacts(fact.snapshot), changed),
      data: { eventId: fact.eventId, changed, startsAt: fact.snapshot.startsAt, venue: fact.snapshot.venue },
    });
  }

  /**
   * One notice per attendee (not per booking), whatever order the booking cancellations arrive in; invited
   * guests without an account (who have not declined) get it by email.
   */
  async cancelled(manager: EntityManager, fact: EventCancelled): Promise<void> {
    // Its reminders are dropped (a cancelled snapshot plans none).
    if (await this.events.record(manager, fact.snapshot)) await this.reminders.replan(manager, fact.snapshot);
    const message = eventCancelledMessage(snapshotFacts(fact.snapshot), fact.reason);
    await this.fanouts.plan(manager, {
      eventId: fact.eventId,
      cause: `event-cancelled:${fact.eventId}`,
      type: NotificationType.EventCancelled,
      audience: Audience.CancelledWithEvent,
      // The bookings it cancelled leave their holders' calendars (METHOD:CANCEL).
      calendar: 'cancel',
      message,
      data: { eventId: fact.eventId, reason: fact.reason },
    });
    for (const address of await this.attendances.guestsWithoutAccount(manager, fact.eventId)) {
      await this.emails.enqueueToAddress(
        manager,
        `event-cancelled:${fact.eventId}:${address}`,
        address,
        emailOf(message, true),
      );
    }
  }
}
