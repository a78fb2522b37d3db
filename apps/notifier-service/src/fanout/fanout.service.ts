import { InjectConfig } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AttendanceRepository } from '../attendance/attendance.repository';
import type { NotifierServiceConfig } from '../config/notifier-service.config';
import { NotificationService } from '../notification/notification.service';
import { Fanout, FanoutRepository } from './fanout.repository';
import { holdingText } from '../notification/templates';

export type FanoutPlan = Omit<Fanout, 'id' | 'afterUserId' | 'cutoff'> & { cutoff?: Date };

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
    @InjectConfig() private readonly config: NotifierServiceConfig,
  ) {}

  plan(manager: EntityManager, plan: FanoutPlan): Promise<void> {
    return this.fanouts.insert(manager, { ...plan, cutoff: plan.cutoff ?? null });
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
      if (job.message.body.includes(HOLDING_PLACEHOLDER)) {
        const holdings = await this.attendances.holdings(manager, job.eventId, users);
        await this.notifications.notifyEach(
          manager,
          users.map((userId) => ({
            userId,
            message: {
              title: job.message.title,
              body: job.message.body.replace(HOLDING_PLACEHOLDER, holdingText(holdings.get(userId))),
            },
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
}
