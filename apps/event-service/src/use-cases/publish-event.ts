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

/** draft -> published, only while its start is still ahead: it goes on sale, every service hears of it. */
@Injectable()
export class PublishEvent {
  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventService,
    private readonly completion: EventCompletion,
    private readonly outbox: OutboxService,
  ) {}

  execute(caller: AuthUser, id: string, ifMatch?: string): Promise<EventEntity> {
    return this.dataSource.transaction(async (manager) => {
      const { event } = await this.events.lockFor(manager, caller, id, 'publish', ifMatch);
      const saved = await this.events.save(manager, event, {
        status: StoredEventStatus.Published,
        publishedAt: new Date(),
      });
      await this.outbox.add(manager, RoutingKeys.EventPublished, snapshotOf(saved));
      await this.outbox.audit(manager, caller, {
        action: 'event.published',
        targetType: 'event',
        targetId: id,
        eventId: id,
        organizerId: event.organizerId,
      });
      return this.completion.plan(manager, saved);
    });
  }
}
