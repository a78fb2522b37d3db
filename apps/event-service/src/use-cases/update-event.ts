import { AuthUser } from '@evently/auth';
import { RoutingKeys } from '@evently/contracts';
import { OutboxService } from '@evently/messaging';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BookedPlacesService } from '../booked-places/booked-places.service';
import { EventEntity } from '../event/event.entity';
import { EventCompletion } from '../event/event-completion';
import { EventErrorCode, EventException } from '../event/event.exception';
import { movesIntoPast } from '../event/event-lifecycle';
import {
  capacityShrinks,
  changeProblems,
  changesOf,
  EventChanges,
  planChangeRefusal,
  plainPlan,
  shapeProblems,
  snapshotOf,
  typedPlan,
} from '../event/event.rules';
import { ticketTypeChangeRefusal } from '../event/ticket-types';
import { EventService, refuseProblems } from '../event/event.service';
import { EventStatus } from '../event/event-status';

/**
 * Partial update of a draft or published event. A published event's changes are published as
 * `event.updated`; its plan may only grow, its start not move into the past, and its capacity not drop
 * below what is booked (as booked-places knows it).
 */
/** The columns a change set, with their values before and after (instants as ISO strings). */
function fieldDiff(
  before: EventEntity,
  next: Partial<EventEntity>,
): Record<string, { from: unknown; to: unknown }> {
  const plain = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
  return Object.fromEntries(
    Object.entries(next).map(([key, to]) => [
      key,
      { from: plain(before[key as keyof EventEntity]), to: plain(to) },
    ]),
  );
}

@Injectable()
export class UpdateEvent {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventService,
    private readonly booked: BookedPlacesService,
    private readonly completion: EventCompletion,
    private readonly outbox: OutboxService,
  ) {}

  execute(caller: AuthUser, id: string, changes: EventChanges, ifMatch?: string): Promise<EventEntity> {
    return this.dataSource.transaction(async (manager) => {
      const { event, status } = await this.events.lockFor(manager, caller, id, 'edit', ifMatch);
      refuseProblems(changeProblems(changes));
      const typed =
        changes.ticketTypes || changes.seating
          ? typedPlan(event, changes, changes.seating ? plainPlan(changes.seating) : undefined)
          : undefined;
      if (typed && 'problems' in typed) refuseProblems(typed.problems);
      const { next, changed } = changesOf(
        event,
        changes,
        typed && !('problems' in typed) ? typed : undefined,
      );
      if (changed.length === 0) return event;

      const merged = { ...event, ...next };
      refuseProblems(shapeProblems(merged));
      const published = status === EventStatus.Published;
      if (published) {
        if (movesIntoPast(status, next.startsAt)) {
          throw new EventException(
            EventErrorCode.StartsInPast,
            'A published event cannot be moved into the past',
          );
        }
        const typeRefusal = ticketTypeChangeRefusal(event.ticketTypes, merged.ticketTypes);
        if (typeRefusal) throw new EventException(EventErrorCode.TicketTypesFixed, typeRefusal);
        const refusal = planChangeRefusal(event, merged);
        if (refusal) {
          const details = refusal.sections ? { sections: refusal.sections } : undefined;
          throw new EventException(EventErrorCode.SeatingPlanFixed, refusal.message, details);
        }
      }
      if (capacityShrinks(event, merged)) {
        const booked = await this.booked.booked(manager, id);
        if (merged.capacity! < booked) {
          throw new EventException(
            EventErrorCode.CapacityBelowBooked,
            `Capacity cannot go below the ${booked} places already booked`,
            { booked, requested: merged.capacity },
          );
        }
      }

      const saved = await this.events.save(manager, event, next);
      await this.outbox.audit(manager, caller, {
        action: 'event.updated',
        targetType: 'event',
        targetId: id,
        eventId: id,
        organizerId: event.organizerId,
        changes: fieldDiff(event, next),
        details: { fields: changed },
      });
      if (!published) return saved;
      if (next.endsAt) await this.completion.plan(manager, saved);
      await this.outbox.add(manager, RoutingKeys.EventUpdated, {
        eventId: id,
        changed,
        snapshot: snapshotOf(saved),
      });
      return saved;
    });
  }
}
