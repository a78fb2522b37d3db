import { AuthUser } from '@evently/auth';
import { RoutingKeys } from '@evently/contracts';
import { OutboxService } from '@evently/messaging';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EventEntity } from '../event/event.entity';
import { EventCompletion } from '../event/event-completion';
import { snapshotOf } from '../event/event.rules';
import { EventService } from '../event/event.service';
import { StoredEventStatus } from '../event/event-status';

/** published -> cancelled: booking-service cancels its bookings and the notifier tells their holders. */
@Injectable()
export class CancelEvent {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventService,
    private readonly completion: EventCompletion,
    private readonly outbox: OutboxService,
  ) {}

  execute(caller: AuthUser, id: string, reason: string | undefined, ifMatch?: string): Promise<EventEntity> {
    return this.dataSource.transaction(async (manager) => {
      const { event } = await this.events.lockFor(manager, caller, id, 'cancel', ifMatch);
      const saved = await this.events.save(manager, event, {
        status: StoredEventStatus.Cancelled,
        cancelReason: reason || null,
        cancelledAt: new Date(),
      });
      await this.completion.drop(manager, event);
      await this.outbox.add(manager, RoutingKeys.EventCancelled, {
        eventId: id,
        reason: saved.cancelReason,
        snapshot: snapshotOf(saved),
      });
      await this.outbox.audit(manager, caller, {
        action: 'event.cancelled',
        targetType: 'event',
        targetId: id,
        eventId: id,
        organizerId: event.organizerId,
        details: { reason: saved.cancelReason },
      });
      return saved;
    });
  }
}
