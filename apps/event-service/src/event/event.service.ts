import { AuthUser, Role } from '@evently/auth';
import { AppException, keysetPage, CommonErrorCode, Page, ValidationFailedException } from '@evently/common';
import {
  BookingCancelledV1,
  BookingConfirmedV1,
  EventSnapshot,
  REMINDER_DEFAULTS,
  RoutingKeys,
  WAITLIST_DEFAULTS,
  WaitlistSettings,
} from '@evently/contracts';
import { OutboxService } from '@evently/messaging';
import { defineJobQueue, SchedulerService } from '@evently/scheduler';
import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ifMatchAdmits } from './etag';
import { EventEntity } from './event.entity';
import { EventErrorCode, EventException } from './event.exception';
import { effectiveStatus, EventStatus, EventVisibility, StoredEventStatus } from './event-status';
import { planProblems, plansRemovingSeats, SeatingPlan, seatsOf } from './seating-plan';

export interface NewEvent {
  title: string;
  description?: string | null;
  venue: { name: string; city: string; address?: string | null };
  startsAt: string;
  endsAt: string;
  capacity?: number;
  seating?: SeatingPlan;
  visibility?: EventVisibility;
  waitlist?: Partial<WaitlistSettings>;
  reminders?: number[];
}

export type EventChanges = Partial<NewEvent>;

export interface EventFilter {
  limit: number;
  cursor?: string;
  q?: string;
  city?: string;
  venue?: string;
  from?: string;
  to?: string;
  mine?: boolean;
}

/** The fields a change can touch, named as in the API (the `changed` list of `event.updated`). */
type ChangedField =
  | 'title'
  | 'description'
  | 'venue'
  | 'startsAt'
  | 'endsAt'
  | 'capacity'
  | 'seating'
  | 'visibility'
  | 'waitlist'
  | 'reminders';

const plainPlan = (plan: SeatingPlan): SeatingPlan => ({
  sections: plan.sections.map(({ name, rows, seatsPerRow }) => ({ name, rows, seatsPerRow })),
});

/** The timed job that announces an event completed at its end. */
export const EVENT_COMPLETION = defineJobQueue<{ eventId: string }>('event.completion', {
  retryLimit: 20,
  retryDelaySeconds: 1,
  expireInSeconds: 60,
});

/** Largest first, each once. */
const orderedReminders = (minutes: number[]) => [...new Set(minutes)].sort((a, b) => b - a);

@Injectable()
export class EventService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly scheduler: SchedulerService,
  ) {}

  onModuleInit(): void {
    this.scheduler.handle(EVENT_COMPLETION, (manager, job) => this.completeEvent(manager, job.eventId));
  }

  /** A new draft owned by the caller. */
  async createEvent(caller: AuthUser, input: NewEvent): Promise<EventEntity> {
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    const problems = shapeProblems(startsAt, endsAt, input.capacity ?? null, input.seating ?? null);
    if (Object.keys(problems).length > 0) throw new ValidationFailedException(problems);
    const id = randomUUID();
    await this.dataSource.manager.insert(EventEntity, {
      id,
      organizerId: caller.id,
      title: input.title,
      description: input.description || null,
      venueName: input.venue.name,
      venueCity: input.venue.city,
      venueAddress: input.venue.address ?? null,
      startsAt,
      endsAt,
      capacity: input.capacity ?? null,
      seating: input.seating ? plainPlan(input.seating) : null,
      status: StoredEventStatus.Draft,
      visibility: input.visibility ?? EventVisibility.Public,
      waitlistEnabled: input.waitlist?.enabled ?? WAITLIST_DEFAULTS.enabled,
      waitlistOfferMinutes: input.waitlist?.offerMinutes ?? WAITLIST_DEFAULTS.offerMinutes,
      reminders: orderedReminders(input.reminders ?? REMINDER_DEFAULTS),
      version: 1,
    });
    return this.dataSource.manager.findOneByOrFail(EventEntity, { id });
  }

  /** Drafts, and private events, are visible only to their organizer and admins; to others they do not exist. */
  async getEvent(caller: AuthUser | undefined, id: string): Promise<EventEntity> {
    const event = await this.dataSource.manager.findOneBy(EventEntity, { id });
    if (!event || !(isPubliclyVisible(event) || canManage(caller, event))) throw notFound();
    return event;
  }

  /**
   * Published public events that have not ended (or, with `mine`, every event of the caller), by
   * (startsAt, id) keyset pages: rows inserted meanwhile never shift a page, so none is repeated or skipped.
   */
  async listEvents(caller: AuthUser | undefined, filter: EventFilter): Promise<Page<EventEntity>> {
    const query = this.dataSource.getRepository(EventEntity).createQueryBuilder('e');
    if (filter.mine) {
      if (!caller) {
        throw new AppException(
          HttpStatus.UNAUTHORIZED,
          CommonErrorCode.Unauthorized,
          'mine=true needs a token',
        );
      }
      query.where('e.organizerId = :me', { me: caller.id });
    } else {
      query.where(`e.status = 'published' AND e.visibility = 'public' AND e.endsAt > now()`);
    }
    if (filter.q) query.andWhere(`e.search @@ websearch_to_tsquery('english', :q)`, { q: filter.q });
    if (filter.city) query.andWhere('lower(e.venueCity) = lower(:city)', { city: filter.city });
    if (filter.venue) query.andWhere('lower(e.venueName) = lower(:venue)', { venue: filter.venue });
    if (filter.from) query.andWhere('e.startsAt >= :from', { from: new Date(filter.from) });
    if (filter.to) query.andWhere('e.startsAt < :to', { to: new Date(filter.to) });
    if (filter.from && filter.to && Date.parse(filter.from) > Date.parse(filter.to)) {
      throw new ValidationFailedException({ to: ['to must not be before from'] });
    }
    return keysetPage(query, {
      time: 'startsAt',
      direction: 'ASC',
      limit: filter.limit,
      cursor: filter.cursor,
    });
  }

  /**
   * Partial update of a draft or published event. A published event's changes are published as
   * `event.updated`; its plan may only grow and its capacity not drop below what is booked.
   */
  async updateEvent(
    caller: AuthUser,
    id: string,
    changes: EventChanges,
    ifMatch?: string,
  ): Promise<EventEntity> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.lockForChange(manager, caller, id, ifMatch);
      const status = effectiveStatus(event.status, event.endsAt);
      if (status !== EventStatus.Draft && status !== EventStatus.Published) {
        throw invalidState(`A ${status} event cannot be edited`, status);
      }
      if (changes.capacity !== undefined && changes.seating !== undefined) {
        const both = ['give either capacity or seating, not both'];
        throw new ValidationFailedException({ capacity: both, seating: both });
      }

      const next: Partial<EventEntity> = {};
      const changed: ChangedField[] = [];
      const set = <K extends keyof EventEntity>(field: ChangedField, key: K, value: EventEntity[K]) => {
        if (JSON.stringify(value) === JSON.stringify(event[key])) return;
        next[key] = value;
        if (!changed.includes(field)) changed.push(field);
      };
      if (changes.title !== undefined) set('title', 'title', changes.title);
      if (changes.description !== undefined) set('description', 'description', changes.description || null);
      if (changes.venue !== undefined) {
        set('venue', 'venueName', changes.venue.name);
        set('venue', 'venueCity', changes.venue.city);
        set('venue', 'venueAddress', changes.venue.address ?? null);
      }
      if (changes.startsAt !== undefined) set('startsAt', 'startsAt', new Date(changes.startsAt));
      if (changes.endsAt !== undefined) set('endsAt', 'endsAt', new Date(changes.endsAt));
      if (changes.visibility !== undefined) set('visibility', 'visibility', changes.visibility);
      if (changes.waitlist?.enabled !== undefined)
        set('waitlist', 'waitlistEnabled', changes.waitlist.enabled);
      if (changes.waitlist?.offerMinutes !== undefined) {
        set('waitlist', 'waitlistOfferMinutes', changes.waitlist.offerMinutes);
      }
      if (changes.reminders !== undefined) set('reminders', 'reminders', orderedReminders(changes.reminders));
      if (changes.capacity !== undefined) {
        set('capacity', 'capacity', changes.capacity);
        if (event.seating) set('seating', 'seating', null);
      }
      if (changes.seating !== undefined) {
        set('seating', 'seating', plainPlan(changes.seating));
        if (event.capacity !== null) set('capacity', 'capacity', null);
      }
      if (changed.length === 0) return event;

      const merged = { ...event, ...next };
      const problems = shapeProblems(merged.startsAt, merged.endsAt, merged.capacity, merged.seating);
      if (Object.keys(problems).length > 0) throw new ValidationFailedException(problems);

      if (status === EventStatus.Published) {
        if (next.startsAt && next.startsAt.getTime() <= Date.now()) {
          throw new EventException(
            EventErrorCode.StartsInPast,
            'A published event cannot be moved into the past',
          );
        }
        this.checkPlanGrowth(event, merged);
      }
      if (merged.capacity !== null && event.capacity !== null && merged.capacity < event.capacity) {
        const booked = await this.bookedCount(manager, id);
        if (merged.capacity < booked) {
          throw new EventException(
            EventErrorCode.CapacityBelowBooked,
            `Capacity cannot go below the ${booked} places already booked`,
            { booked, requested: merged.capacity },
          );
        }
      }

      const saved = await this.saveChange(manager, event, next);
      if (status === EventStatus.Published && next.endsAt) await this.planCompletion(manager, saved);
      if (status === EventStatus.Published) {
        await this.outbox.add(manager, RoutingKeys.EventUpdated, {
          eventId: id,
          changed,
          snapshot: snapshotOf(saved),
        });
      }
      return saved;
    });
  }

  /** draft -> published, only while its start is still ahead; tells every service through `event.published`. */
  async publishEvent(caller: AuthUser, id: string, ifMatch?: string): Promise<EventEntity> {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.lockForChange(manager, caller, id, ifMatch);
      const status = effectiveStatus(event.status, event.endsAt);
      if (status !== EventStatus.Draft) throw invalidState(`A ${status} event cannot be published`, status);
      if (event.startsAt.getTime() <= Date.now()) {
        throw new EventException(
          EventErrorCode.StartsInPast,
          'An event can be published only before it starts',
        );
      }
      const saved = await this.saveChange(manager, event, {
        status: StoredEventStatus.Published,
        publishedAt: new Date(),
      });
      await this.outbox.add(manager, RoutingKeys.EventPublished, snapshotOf(saved));
      return this.planCompletion(manager, saved);
    });
  }

  /** published -> cancelled; booking-service cancels its bookings and the notifier tells their holders. */
  async cancelEvent(caller: AuthUser, id: string, reason: string | undefined, ifMatch?: string) {
    return this.dataSource.transaction(async (manager) => {
      const event = await this.lockForChange(manager, caller, id, ifMatch);
      const status = effectiveStatus(event.status, event.endsAt);
      if (status !== EventStatus.Published) {
        const hint = status === EventStatus.Draft ? ' (delete a draft instead)' : '';
        throw invalidState(`A ${status} event cannot be cancelled${hint}`, status);
      }
      const saved = await this.saveChange(manager, event, {
        status: StoredEventStatus.Cancelled,
        cancelReason: reason || null,
        cancelledAt: new Date(),
      });
      if (event.completionJobId)
        await this.scheduler.cancel(manager, EVENT_COMPLETION, event.completionJobId);
      await this.outbox.add(manager, RoutingKeys.EventCancelled, {
        eventId: id,
        reason: saved.cancelReason,
        snapshot: snapshotOf(saved),
      });
      return saved;
    });
  }

  /** Drafts only: nothing outside event-service has heard of them. */
  async deleteEvent(caller: AuthUser, id: string, ifMatch?: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const event = await this.lockForChange(manager, caller, id, ifMatch);
      const status = effectiveStatus(event.status, event.endsAt);
      if (status !== EventStatus.Draft) throw invalidState(`A ${status} event cannot be deleted`, status);
      await manager.delete(EventEntity, { id });
    });
  }

  /** Replica of booking-service's sales, idempotent and order-insensitive (a cancellation may arrive first). */
  async recordBookingConfirmed(manager: EntityManager, fact: BookingConfirmedV1): Promise<void> {
    await manager.query(
      `INSERT INTO event_bookings (booking_id, event_id, quantity, status) VALUES ($1, $2, $3, 'confirmed')
       ON CONFLICT (booking_id) DO NOTHING`,
      [fact.bookingId, fact.eventId, fact.quantity],
    );
  }

  async recordBookingCancelled(manager: EntityManager, fact: BookingCancelledV1): Promise<void> {
    await manager.query(
      `INSERT INTO event_bookings (booking_id, event_id, quantity, status) VALUES ($1, $2, $3, 'cancelled')
       ON CONFLICT (booking_id) DO UPDATE SET status = 'cancelled', updated_at = clock_timestamp()`,
      [fact.bookingId, fact.eventId, fact.quantity],
    );
  }

  /**
   * Plans (or re-plans, when endsAt moved) the job that announces the event completed at its end, in the
   * caller's transaction.
   */
  private async planCompletion(manager: EntityManager, event: EventEntity): Promise<EventEntity> {
    if (event.completionJobId) await this.scheduler.cancel(manager, EVENT_COMPLETION, event.completionJobId);
    const jobId = await this.scheduler.schedule(
      manager,
      EVENT_COMPLETION,
      { eventId: event.id },
      event.endsAt,
    );
    await manager.update(EventEntity, { id: event.id }, { completionJobId: jobId });
    return Object.assign(event, { completionJobId: jobId });
  }

  /** The completion job: a published event whose end has passed is announced completed, once. */
  private async completeEvent(manager: EntityManager, eventId: string): Promise<void> {
    const event = await manager.findOne(EventEntity, {
      where: { id: eventId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!event || event.status !== StoredEventStatus.Published) return;
    // A stale job (the end moved later): the job planned for the new end announces it.
    if (event.endsAt.getTime() > Date.now()) return;
    await this.outbox.add(manager, RoutingKeys.EventCompleted, { eventId, snapshot: snapshotOf(event) });
  }

  /** Places booked for the event, as far as the facts received so far tell. */
  private async bookedCount(manager: EntityManager, eventId: string): Promise<number> {
    const [row] = await manager.query<{ booked: number }[]>(
      `SELECT coalesce(sum(quantity), 0)::int AS booked FROM event_bookings
       WHERE event_id = $1 AND status = 'confirmed'`,
      [eventId],
    );
    return row.booked;
  }

  /** The event, row-locked for the transaction, if the caller may change it and If-Match admits its version. */
  private async lockForChange(
    manager: EntityManager,
    caller: AuthUser,
    id: string,
    ifMatch: string | undefined,
  ): Promise<EventEntity> {
    const event = await manager.findOne(EventEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!event) throw notFound();
    if (!canManage(caller, event)) {
      if (!isPubliclyVisible(event)) throw notFound();
      throw new EventException(
        EventErrorCode.NotEventOwner,
        'Only the organizer of this event or an admin may change it',
      );
    }
    if (ifMatch !== undefined && !ifMatchAdmits(ifMatch, event.version)) {
      throw new EventException(EventErrorCode.VersionConflict, 'The event changed since you read it', {
        currentVersion: event.version,
      });
    }
    return event;
  }

  private checkPlanGrowth(current: EventEntity, next: EventEntity): void {
    if ((current.seating === null) !== (next.seating === null)) {
      throw new EventException(
        EventErrorCode.SeatingPlanFixed,
        'A published event cannot switch between general admission and reserved seating',
      );
    }
    if (current.seating && next.seating) {
      const sections = plansRemovingSeats(current.seating, next.seating);
      if (sections.length > 0) {
        throw new EventException(
          EventErrorCode.SeatingPlanFixed,
          'Seats of a published event can be added, never removed or relabelled',
          { sections },
        );
      }
    }
  }

  private async saveChange(
    manager: EntityManager,
    event: EventEntity,
    fields: Partial<EventEntity>,
  ): Promise<EventEntity> {
    await manager.update(EventEntity, { id: event.id }, { ...fields, version: event.version + 1 });
    return manager.findOneByOrFail(EventEntity, { id: event.id });
  }
}

const canManage = (caller: AuthUser | undefined, event: EventEntity): boolean =>
  caller !== undefined && (caller.role === Role.Admin || caller.id === event.organizerId);

const isPubliclyVisible = (event: EventEntity): boolean =>
  event.status !== StoredEventStatus.Draft && event.visibility === EventVisibility.Public;

const notFound = () => new EventException(EventErrorCode.EventNotFound, 'No such event');

const invalidState = (message: string, status: EventStatus) =>
  new EventException(EventErrorCode.InvalidEventState, message, { status });

/** Rules on the event as a whole, by field: end after start, exactly one admission mode, a sane plan. */
function shapeProblems(
  startsAt: Date,
  endsAt: Date,
  capacity: number | null,
  seating: SeatingPlan | null,
): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  if (endsAt.getTime() <= startsAt.getTime()) problems.endsAt = ['endsAt must be after startsAt'];
  if ((capacity === null) === (seating === null)) {
    const one = ['exactly one of capacity (general admission) or seating (reserved seats) is required'];
    problems.capacity = one;
    problems.seating = one;
  }
  return seating ? { ...problems, ...planProblems(seating) } : problems;
}

/** What booking-service and the notifier need of an event, as carried by every event fact. */
export function snapshotOf(event: EventEntity): EventSnapshot {
  return {
    eventId: event.id,
    version: event.version,
    organizerId: event.organizerId,
    title: event.title,
    status: effectiveStatus(event.status, event.endsAt),
    visibility: event.visibility,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    venue: { name: event.venueName, city: event.venueCity, address: event.venueAddress },
    capacity: event.capacity,
    seats: event.seating ? seatsOf(event.seating) : null,
    waitlist: { enabled: event.waitlistEnabled, offerMinutes: event.waitlistOfferMinutes },
    reminders: event.reminders,
  };
}
