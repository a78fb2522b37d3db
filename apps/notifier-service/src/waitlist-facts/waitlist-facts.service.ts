import { WaitlistClosedV1, WaitlistExpiredV1, WaitlistJoinedV1, WaitlistOfferedV1 } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AttendanceRepository } from '../attendance/attendance.repository';
import { EventReplica } from '../event-replica/event-replica.service';
import { NotificationService } from '../notification/notification.service';
import { NotificationType, waitlistOfferMessage } from '../notification/templates';

/** What waitlist.* facts change here: who is on a waiting list, and the offer notice. */
@Injectable()
export class WaitlistFactsService {
  constructor(
    private readonly attendances: AttendanceRepository,
    private readonly events: EventReplica,
    private readonly notifications: NotificationService,
  ) {}

  async joined(manager: EntityManager, fact: WaitlistJoinedV1): Promise<void> {
    await this.attendances.recordWaitlister(manager, fact, 'waiting');
  }

  /** One `waitlist_offer` per offer (an entry is offered places once), naming the deadline. */
  async offered(manager: EntityManager, fact: WaitlistOfferedV1): Promise<void> {
    await this.attendances.recordWaitlister(manager, fact, 'offered');
    const event = await this.events.factsOf(manager, fact.eventId);
    const expiresAt = new Date(fact.offerExpiresAt);
    await this.notifications.notify(manager, [fact.userId], {
      type: NotificationType.WaitlistOffer,
      cause: `waitlist-offer:${fact.entryId}`,
      message: waitlistOfferMessage(event, fact.quantity, fact.seats, expiresAt),
      data: {
        entryId: fact.entryId,
        eventId: fact.eventId,
        quantity: fact.quantity,
        seats: fact.seats,
        offerExpiresAt: fact.offerExpiresAt,
      },
    });
  }

  async expired(manager: EntityManager, fact: WaitlistExpiredV1): Promise<void> {
    await this.attendances.recordWaitlister(manager, fact, 'expired');
  }

  async closed(manager: EntityManager, fact: WaitlistClosedV1): Promise<void> {
    await this.attendances.recordWaitlister(manager, fact, fact.status);
  }
}
