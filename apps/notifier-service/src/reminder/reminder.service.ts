import { EventSnapshot } from '@evently/contracts';
import { defineJobQueue, SchedulerService } from '@evently/scheduler';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AttendanceRepository, Audience } from '../attendance/attendance.repository';
import { EmailOutboxRepository } from '../email/email-outbox.repository';
import { EventReplica } from '../event-replica/event-replica.service';
import { FanoutService, HOLDING_PLACEHOLDER } from '../fanout/fanout.service';
import { emailOf, eventReminderMessage, holdingText, NotificationType } from '../notification/templates';
import { ReminderRepository } from './reminder.repository';

interface ReminderJob {
  eventId: string;
  minutesBefore: number;
  /** The start the reminder was planned for: a job planned before the event moved finds it stale. */
  startsAt: string;
}

/** The timed job that reminds an event's attendees `minutesBefore` its start. */
export const EVENT_REMINDER = defineJobQueue<ReminderJob>('event.reminder', {
  retryLimit: 20,
  retryDelaySeconds: 1,
  expireInSeconds: 60,
});

/**
 * Reminders before events: one timed job per event and offset (`startsAt - minutesBefore`), planned from
 * the event facts and re-planned in the same transaction when the event moves or its list changes; none
 * for a cancelled event. At its time the job plans one fan-out: every attendee (confirmed bookings and
 * RSVP "yes", each person once, what they hold in their own words) who joined before the due time, in
 * batches like every other fan-out; invited guests without an account who said yes get it by email.
 */
@Injectable()
export class ReminderService implements OnModuleInit {
  constructor(
    private readonly plans: ReminderRepository,
    private readonly scheduler: SchedulerService,
    private readonly events: EventReplica,
    private readonly fanouts: FanoutService,
    private readonly attendances: AttendanceRepository,
    private readonly emails: EmailOutboxRepository,
  ) {}

  onModuleInit(): void {
    this.scheduler.handle(EVENT_REMINDER, (manager, job) => this.remind(manager, job));
  }

  /** Plans the event's reminders as the snapshot says (none unless published); due times already past are skipped. */
  async replan(manager: EntityManager, snapshot: EventSnapshot): Promise<void> {
    const startsAt = new Date(snapshot.startsAt);
    const wanted = snapshot.status === 'published' ? snapshot.reminders : [];
    const current = await this.plans.lockPlans(manager, snapshot.eventId);
    for (const plan of current) {
      if (wanted.includes(plan.minutesBefore) && plan.startsAt.getTime() === startsAt.getTime()) continue;
      await this.scheduler.cancel(manager, EVENT_REMINDER, plan.jobId);
      await this.plans.remove(manager, plan.eventId, plan.minutesBefore);
    }
    for (const minutesBefore of wanted) {
      const planned = current.find((p) => p.minutesBefore === minutesBefore);
      if (planned && planned.startsAt.getTime() === startsAt.getTime()) continue;
      const dueAt = new Date(startsAt.getTime() - minutesBefore * 60_000);
      if (dueAt.getTime() <= Date.now()) continue;
      const job = { eventId: snapshot.eventId, minutesBefore, startsAt: startsAt.toISOString() };
      const jobId = await this.scheduler.schedule(manager, EVENT_REMINDER, job, dueAt);
      await this.plans.save(manager, { eventId: snapshot.eventId, minutesBefore, startsAt, dueAt, jobId });
    }
  }

  /** The job: still planned as it was (not moved, not cancelled)? Then everyone coming is reminded, once. */
  private async remind(manager: EntityManager, job: ReminderJob): Promise<void> {
    const plans = await this.plans.lockPlans(manager, job.eventId);
    const plan = plans.find(
      (p) => p.minutesBefore === job.minutesBefore && p.startsAt.toISOString() === job.startsAt,
    );
    if (!plan) return;
    const event = await this.events.factsOf(manager, job.eventId);
    const cause = `event-reminder:${job.eventId}:${job.minutesBefore}:${job.startsAt}`;
    await this.fanouts.plan(manager, {
      eventId: job.eventId,
      cause,
      type: NotificationType.EventReminder,
      audience: Audience.Reminder,
      message: eventReminderMessage(event, job.minutesBefore, HOLDING_PLACEHOLDER),
      data: { eventId: job.eventId, minutesBefore: job.minutesBefore, startsAt: job.startsAt },
      cutoff: plan.dueAt,
    });
    for (const guest of await this.attendances.guestsComing(manager, job.eventId, plan.dueAt)) {
      const holding = holdingText({ quantity: 1 + guest.plus_ones, seats: [] });
      const message = eventReminderMessage(event, job.minutesBefore, holding);
      await this.emails.enqueueToAddress(
        manager,
        `${cause}:${guest.email}`,
        guest.email,
        emailOf(message, true),
      );
    }
  }
}
