import { InjectConfig } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AttendanceRepository } from '../attendance/attendance.repository';
import type { NotifierServiceConfig } from '../config/notifier-service.config';
import { NotificationService } from '../notification/notification.service';
import { CalendarFiles } from '../calendar/calendar-files';
import { EventReplica } from '../event-replica/event-replica.service';
import { Fanout, FanoutCalendar, FanoutRepository } from './fanout.repository';
import { holdingText } from '../notification/templates';

export type FanoutPlan = Omit<Fanout, 'id' | 'afterUserId' | 'cutoff' | 'calendar'> & {
  cutoff?: Date;
  calendar?: FanoutCalendar;
};

/** In a fan-out's body, replaced for each person by what they hold for the event ("2 tickets", "seat A-1-5"). */
export const HOLDING_PLACEHOLDER = '{holding}';

/**
 * Notices to an event's whole audience (a change of time or place, a cancellation): planned in the
 * transaction of the fact that causes them, then delivered batch by batch, so one event with thousands of
 * attendees never holds one huge transaction and never starves other notifications.
 */
@Injectable()
export class FanoutService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly fanouts: FanoutRepository,
    private readonly attendances: AttendanceRepository,
    private readonly notifications: NotificationService,
    private readonly events: EventReplica,
    private readonly calendars: CalendarFiles,
    @InjectConfig() private readonly config: NotifierServiceConfig,
  ) {}

  plan(manager: EntityManager, plan: FanoutPlan): Promise<void> {
    return this.fanouts.insert(manager, {
      ...plan,
      cutoff: plan.cutoff ?? null,
      calendar: plan.calendar ?? null,
    });
  }

  /**
   * Works one batch of the oldest unfinished fan-out: up to FANOUT_BATCH_SIZE people after the saved cursor
   * get their notification and email, and the cursor moves, in one transaction. A crash loses at most the
   * batch in flight, which the next run redoes (once per cause skips whoever was done). Returns whether
   * there was anything to do.
   */
  async runBatch(): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const job = await this.fanouts.claimOldest(manager);
      if (!job) return false;
      const batch = this.config.FANOUT_BATCH_SIZE;
      const users = await this.attendances.audience(
        manager,
        job.eventId,
        job.audience,
        job.afterUserId,
        batch,
        job.cutoff,
      );
      const notice = { type: job.type, cause: job.cause, message: job.message, data: job.data };
      const personal = job.message.body.includes(HOLDING_PLACEHOLDER);
      if (personal || job.calendar) {
        const holdings = personal ? await this.attendances.holdings(manager, job.eventId, users) : undefined;
        const files = job.calendar ? await this.calendarFiles(manager, job, users) : undefined;
        await this.notifications.notifyEach(
          manager,
          users.map((userId) => ({
            userId,
            message: {
              title: job.message.title,
              body: holdings
                ? job.message.body.replace(HOLDING_PLACEHOLDER, holdingText(holdings.get(userId)))
                : job.message.body,
            },
            ics: files?.get(userId),
          })),
          notice,
        );
      } else {
        await this.notifications.notify(manager, users, notice);
      }
      await this.fanouts.advance(manager, job.id, users[users.length - 1], users.length < batch);
      return true;
    });
  }

  /**
   * Each person's calendar file for the fan-out: their bookings' entries on the event as now held (its
   * newest version), updated or cancelled. People without a booking (waiting list, invitees) get none.
   */
  private async calendarFiles(
    manager: EntityManager,
    job: Fanout,
    users: string[],
  ): Promise<Map<string, string>> {
    const cancel = job.calendar === 'cancel';
    const bookings = await this.attendances.bookingsOf(manager, job.eventId, users, cancel);
    if (bookings.size === 0) return new Map();
    const event = await this.events.factsOf(manager, job.eventId);
    return new Map(
      [...bookings].map(([userId, held]) => [
        userId,
        cancel ? this.calendars.cancel(held, event, true) : this.calendars.request(held, event),
      ]),
    );
  }
}
