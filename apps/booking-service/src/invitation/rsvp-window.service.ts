import { RoutingKeys } from '@evently/contracts';
import { OutboxService } from '@evently/messaging';
import { defineJobQueue, SchedulerService } from '@evently/scheduler';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InventoryEntity, InventoryStatus } from '../inventory/inventory.entity';
import { InventoryService } from '../inventory/inventory.service';
import { RsvpCounts, RsvpWindow } from './invitation.entity';
import { InvitationErrorCode, InvitationException } from './invitation.exception';
import { InvitationRepository } from './invitation.repository';

/** The job that sends an event's RSVP summary at its deadline (if every guest has not answered before). */
export const RSVP_DEADLINE = defineJobQueue<{ eventId: string }>('rsvp.deadline', {
  retryLimit: 20,
  retryDelaySeconds: 1,
  expireInSeconds: 60,
});

/**
 * An event's RSVP window: its deadline (a timed job), and the host's summary, which goes out once: when every
 * guest has answered, or at the deadline. Answers close with it.
 */
@Injectable()
export class RsvpWindows implements OnModuleInit {
  constructor(
    private readonly invitations: InvitationRepository,
    private readonly inventory: InventoryService,
    private readonly outbox: OutboxService,
    private readonly scheduler: SchedulerService,
  ) {}

  onModuleInit(): void {
    this.scheduler.handle(RSVP_DEADLINE, (manager, job) => this.closeAtDeadline(manager, job.eventId));
  }

  /**
   * The event's RSVP window, created with `rsvpBy` (default: the event's start) or moved to it; its
   * deadline job is re-planned in this transaction. Closed once its summary went out.
   */
  async plan(manager: EntityManager, event: InventoryEntity, rsvpBy: Date | undefined): Promise<RsvpWindow> {
    const window = await this.invitations.lockWindow(manager, event.eventId);
    if (window?.summarySentAt || window?.closed) {
      throw new InvitationException(InvitationErrorCode.RsvpClosed, 'Answers for this event are closed', {
        rsvpBy: window.rsvpBy.toISOString(),
      });
    }
    if (window && (!rsvpBy || rsvpBy.getTime() === window.rsvpBy.getTime())) return window;
    const deadline = rsvpBy ?? event.startsAt;
    if (window) await this.dropDeadline(manager, window);
    const jobId = await this.scheduler.schedule(manager, RSVP_DEADLINE, { eventId: event.eventId }, deadline);
    await this.invitations.saveWindow(manager, event.eventId, deadline, jobId);
    return {
      eventId: event.eventId,
      rsvpBy: deadline,
      deadlineJobId: jobId,
      summarySentAt: null,
      closed: false,
    };
  }

  /** The deadline job will not be needed (every guest answered, or the event was cancelled). */
  async dropDeadline(manager: EntityManager, window: RsvpWindow): Promise<void> {
    if (window.deadlineJobId) await this.scheduler.cancel(manager, RSVP_DEADLINE, window.deadlineJobId);
  }

  /** The host's summary, once (marked sent in this transaction), with its rsvp.summary fact. */
  async sendSummary(
    manager: EntityManager,
    event: InventoryEntity,
    window: RsvpWindow,
    counts: RsvpCounts,
    reason: 'deadline' | 'all_answered',
  ): Promise<void> {
    await this.invitations.markSummarySent(manager, event.eventId, reason);
    if (reason === 'all_answered') await this.dropDeadline(manager, window);
    await this.outbox.add(manager, RoutingKeys.RsvpSummary, {
      eventId: event.eventId,
      organizerId: event.organizerId,
      ...counts,
      rsvpBy: window.rsvpBy.toISOString(),
      reason,
    });
  }

  /** The deadline job: the summary goes out unless it already has (or the plan moved or was dropped). */
  private async closeAtDeadline(manager: EntityManager, eventId: string): Promise<void> {
    const event = await this.inventory.lockEvent(manager, eventId);
    const window = await this.invitations.lockWindow(manager, eventId);
    if (!window || window.summarySentAt || !window.closed) return;
    if (event.status === InventoryStatus.Cancelled) return;
    const counts = await this.invitations.counts(manager, eventId);
    await this.sendSummary(manager, event, window, counts, 'deadline');
  }
}
