import { RoutingKeys } from '@evently/contracts';
import { OutboxService } from '@evently/messaging';
import { defineJobQueue, SchedulerService } from '@evently/scheduler';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventEntity } from './event.entity';
import { StoredEventStatus } from './event-status';
import { EventRepository } from './event.repository';
import { snapshotOf } from './event.rules';

/** The timed job that announces an event completed at its end. */
export const EVENT_COMPLETION = defineJobQueue<{ eventId: string }>('event.completion', {
  retryLimit: 20,
  retryDelaySeconds: 1,
  expireInSeconds: 60,
});

/**
 * The one step of the lifecycle no request makes: at its end a published event is announced completed
 * (`event.completed`). Its status reads completed from the end on anyway (effectiveStatus); the job is what
 * tells the other services.
 */
@Injectable()
export class EventCompletion implements OnModuleInit {
  constructor(
    private readonly events: EventRepository,
    private readonly scheduler: SchedulerService,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    this.scheduler.handle(EVENT_COMPLETION, (manager, job) => this.complete(manager, job.eventId));
  }

  /** Plans (or re-plans, when the end moved) the job at the event's end, in the caller's transaction. */
  async plan(manager: EntityManager, event: EventEntity): Promise<EventEntity> {
    await this.drop(manager, event);
    const jobId = await this.scheduler.schedule(
      manager,
      EVENT_COMPLETION,
      { eventId: event.id },
      event.endsAt,
    );
    await this.events.setCompletionJob(manager, event.id, jobId);
    return Object.assign(event, { completionJobId: jobId });
  }

  /** The event will not complete (it was cancelled): its job goes. */
  async drop(manager: EntityManager, event: EventEntity): Promise<void> {
    if (event.completionJobId) await this.scheduler.cancel(manager, EVENT_COMPLETION, event.completionJobId);
  }

  /** The job: a published event whose end has passed is announced completed, once. */
  private async complete(manager: EntityManager, eventId: string): Promise<void> {
    const event = await this.events.lock(manager, eventId);
    if (!event || event.status !== StoredEventStatus.Published) return;
    // A stale job (the end moved later): the job planned for the new end announces it.
    if (event.endsAt.getTime() > Date.now()) return;
    await this.outbox.add(manager, RoutingKeys.EventCompleted, { eventId, snapshot: snapshotOf(event) });
  }
}
