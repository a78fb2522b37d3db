import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { StaffMember, StaffRole } from './staff.rules';

interface StaffRow {
  event_id: string;
  user_id: string;
  role: StaffRole;
  added_by: string;
  created_at: Date;
}

const toMember = (r: StaffRow): StaffMember => ({
  eventId: r.event_id,
  userId: r.user_id,
  role: r.role,
  addedBy: r.added_by,
  createdAt: r.created_at,
});

/** The only reader and writer of `event_staff`. */
@Injectable()
export class StaffRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Adds the person to the event's staff, or changes their role. */
  async put(member: Omit<StaffMember, 'createdAt'>, manager?: EntityManager): Promise<StaffMember> {
    const [row] = await (manager ?? this.dataSource.manager).query<StaffRow[]>(
      `INSERT INTO event_staff (event_id, user_id, role, added_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (event_id, user_id) DO UPDATE SET role = EXCLUDED.role
       RETURNING *`,
      [member.eventId, member.userId, member.role, member.addedBy],
    );
    return toMember(row);
  }

  async list(eventId: string): Promise<StaffMember[]> {
    const rows = await this.dataSource.query<StaffRow[]>(
      `SELECT * FROM event_staff WHERE event_id = $1 ORDER BY created_at, user_id`,
      [eventId],
    );
    return rows.map(toMember);
  }

  /** The person's role at the event, or null. */
  async roleOf(eventId: string, userId: string): Promise<StaffRole | null> {
    const [row] = await this.dataSource.query<{ role: StaffRole }[]>(
      `SELECT role FROM event_staff WHERE event_id = $1 AND user_id = $2`,
      [eventId, userId],
    );
    return row?.role ?? null;
  }

  /** Removes the person; whether they were staff. */
  async remove(eventId: string, userId: string, manager?: EntityManager): Promise<boolean> {
    const [, count] = await (manager ?? this.dataSource.manager).query<[unknown[], number]>(
      `DELETE FROM event_staff WHERE event_id = $1 AND user_id = $2`,
      [eventId, userId],
    );
    return count > 0;
  }
}
