import type { AuditRecordedV1 } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface AuditEntry extends AuditRecordedV1 {
  seq: number;
}

interface AuditRow {
  seq: string;
  actor_id: string;
  actor_role: string;
  action: string;
  target_type: string;
  target_id: string;
  event_id: string | null;
  organizer_id: string | null;
  changes: AuditRecordedV1['changes'];
  details: AuditRecordedV1['details'];
  request_id: string | null;
  address: string | null;
  at: Date;
}

const toEntry = (r: AuditRow): AuditEntry => ({
  seq: Number(r.seq),
  actorId: r.actor_id,
  actorRole: r.actor_role,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  eventId: r.event_id,
  organizerId: r.organizer_id,
  changes: r.changes,
  details: r.details,
  requestId: r.request_id,
  address: r.address,
  at: r.at.toISOString(),
});

export interface AuditFilter {
  /** Only what happened to this organizer's events (or things); null: everything (admins). */
  organizerId: string | null;
  eventId?: string;
  actorId?: string;
  after?: number;
  limit: number;
}

/** The only reader and writer of `audit_log`, which it only ever appends to. */
@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends an entry (once per fact). */
  async append(manager: EntityManager, factId: string, entry: AuditRecordedV1): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (fact_id, actor_id, actor_role, action, target_type, target_id, event_id, organizer_id,
                              changes, details, request_id, address, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (fact_id) DO NOTHING`,
      [
        factId,
        entry.actorId,
        entry.actorRole,
        entry.action,
        entry.targetType,
        entry.targetId,
        entry.eventId,
        entry.organizerId,
        entry.changes === null ? null : JSON.stringify(entry.changes),
        entry.details === null ? null : JSON.stringify(entry.details),
        entry.requestId,
        entry.address,
        entry.at,
      ],
    );
  }

  /** Entries after `after`, oldest first. */
  async page(filter: AuditFilter): Promise<AuditEntry[]> {
    const rows = await this.dataSource.query<AuditRow[]>(
      `SELECT * FROM audit_log
       WHERE ($1::uuid IS NULL OR organizer_id = $1) AND ($2::uuid IS NULL OR event_id = $2)
         AND ($3::uuid IS NULL OR actor_id = $3) AND seq > $4
       ORDER BY seq LIMIT $5`,
      [filter.organizerId, filter.eventId ?? null, filter.actorId ?? null, filter.after ?? 0, filter.limit],
    );
    return rows.map(toEntry);
  }
}
