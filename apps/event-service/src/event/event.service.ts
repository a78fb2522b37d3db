import { AuthUser } from '@evently/auth';
import { Page, ValidationFailedException } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ifMatchAdmits } from './etag';
import { EventEntity } from './event.entity';
import { EventErrorCode, EventException } from './event.exception';
import { EventListing, EventRepository } from './event.repository';
import {
  canManage,
  canSee,
  changeProblems,
  draftOf,
  typedPlan,
  isPubliclyVisible,
  NewEvent,
  Problems,
  shapeProblems,
} from './event.rules';
import { LifecycleAction, nextStatus } from './event-lifecycle';
import { effectiveStatus, EventStatus } from './event-status';

export interface EventFilter extends Omit<EventListing, 'organizerId'> {
  /** The caller's own events, any status. */
  mine?: boolean;
}

/** An event that may change now: locked, the caller's to change, its version the one read, the action allowed. */
export interface LockedEvent {
  event: EventEntity;
  status: EventStatus;
}

/**
 * Events as their organizer keeps them: drafts, reads and listings, and the guarded lock every change
 * takes. Changes that tell other services (publish, update, cancel) are use-cases built on `lockFor`.
 */
@Injectable()
export class EventService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventRepository,
  ) {}

  /** A new draft owned by the caller. */
  async createEvent(caller: AuthUser, input: NewEvent): Promise<EventEntity> {
    refuseProblems(changeProblems(input));
    const draft = draftOf(randomUUID(), caller.id, input);
    const typed = typedPlan({ ticketTypes: [], seating: null }, input, draft.seating);
    if ('problems' in typed) refuseProblems(typed.problems);
    else Object.assign(draft, typed);
    refuseProblems(shapeProblems(draft as EventEntity));
    return this.events.insert(draft);
  }

  /** Drafts, and private events, are visible only to their organizer and admins; to others they do not exist. */
  async getEvent(caller: AuthUser | undefined, id: string): Promise<EventEntity> {
    const event = await this.events.find(id);
    if (!event || !canSee(caller, event)) throw notFound();
    return event;
  }

  /** Published public events that have not ended, or (`mine`, for a signed-in caller) all the caller's own. */
  listEvents(caller: AuthUser | undefined, filter: EventFilter): Promise<Page<EventEntity>> {
    if (filter.from && filter.to && Date.parse(filter.from) > Date.parse(filter.to)) {
      throw new ValidationFailedException({ to: ['to must not be before from'] });
    }
    const { mine, ...listing } = filter;
    return this.events.page({ ...listing, organizerId: mine ? caller?.id : undefined });
  }

  /** Drafts only: nothing outside event-service has heard of them. */
  async deleteEvent(caller: AuthUser, id: string, ifMatch?: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.lockFor(manager, caller, id, 'delete', ifMatch);
      await this.events.delete(manager, id);
    });
  }

  /**
   * The event, row-locked for the transaction, if the caller may change it, If-Match admits its version and
   * the lifecycle allows `action` now; says why not otherwise.
   */
  async lockFor(
    manager: EntityManager,
    caller: AuthUser,
    id: string,
    action: LifecycleAction,
    ifMatch: string | undefined,
  ): Promise<LockedEvent> {
    const event = await this.events.lock(manager, id);
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
    const status = effectiveStatus(event.status, event.endsAt);
    const transition = nextStatus(status, action, event.startsAt);
    if ('refused' in transition) {
      if (transition.refused === 'STARTS_IN_PAST') {
        throw new EventException(EventErrorCode.StartsInPast, transition.message);
      }
      throw new EventException(EventErrorCode.InvalidEventState, transition.message, { status });
    }
    return { event, status };
  }

  /** Stores a change of a locked event (the version moves on); returns it as stored. */
  save(manager: EntityManager, event: EventEntity, fields: Partial<EventEntity>): Promise<EventEntity> {
    return this.events.save(manager, event, fields);
  }
}

/** VALIDATION_FAILED naming each field with a problem, if any. */
export function refuseProblems(problems: Problems): void {
  if (Object.keys(problems).length > 0) throw new ValidationFailedException(problems);
}

const notFound = () => new EventException(EventErrorCode.EventNotFound, 'No such event');
