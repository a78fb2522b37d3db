import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface ReminderPlan {
  eventId: string;
  minutesBefore: number;
  startsAt: Date;
  dueAt: Date;
  jobId: string;
}

interface PlanRow {
  event_id: string;
  minutes_before: number;
  starts_at: Date;
  due_at: Date;
  job_id: string;
}

const toPlan = (r: PlanRow): ReminderPlan => ({
  eventId: r.event_id,
  minutesBefore: r.minutes_before,
  startsAt: r.starts_at,
  dueAt: r.due_at,
  jobId: r.job_id,
});

/** The only reader and writer of `reminder_plans`: the reminders planned per event and offset. */
@Injectable()
export class ReminderRepository {
  /** The event's plans, locked. */
  async lockPlans(manager: EntityManager, eventId: string): Promise<ReminderPlan[]> {
    const rows = await manager.query<PlanRow[]>(
      `SELECT * FROM reminder_plans WHERE event_id = $1 ORDER BY minutes_before FOR UPDATE`,
      [eventId],
    );
    return rows.map(toPlan);
  }

  async save(manager: EntityManager, plan: ReminderPlan): Promise<void> {
    await manager.query(
      `INSERT INTO reminder_plans (event_id, minutes_before, starts_at, due_at, job_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (event_id, minutes_before) DO UPDATE SET starts_at = EXCLUDED.starts_at, due_at = EXCLUDED.due_at,
         job_id = EXCLUDED.job_id`,
      [plan.eventId, plan.minutesBefore, plan.startsAt, plan.dueAt, plan.jobId],
    );
  }

  async remove(manager: EntityManager, eventId: string, minutesBefore: number): Promise<void> {
    await manager.query(`DELETE FROM reminder_plans WHERE event_id = $1 AND minutes_before = $2`, [
      eventId,
      minutesBefore,
    ]);
  }
}
