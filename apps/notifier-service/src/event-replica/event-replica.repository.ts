import { EventSnapshot } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventFacts } from '../notification/templates';

interface EventRow {
  title: string;
  starts_at: Date;
  ends_at: Date;
  venue_name: string;
  venue_city: string;
  venue_address: string | null;
}

/**
 * The only reader and writer of `events`: the newest snapshot of each event heard of.
 * Filled by: event.published, event.updated, event.cancelled.
 */
@Injectable()
export class EventReplicaRepository {
  /** Keeps the snapshot unless a newer version is held; returns whether it was newer. */
  async upsert(manager: EntityManager, snapshot: EventSnapshot): Promise<boolean> {
    const applied = await manager.query<unknown[]>(
      `INSERT INTO events (event_id, version, title, status, starts_at, ends_at, venue_name, venue_city, venue_address)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (event_id) DO UPDATE SET version = EXCLUDED.version, title = EXCLUDED.title,
         status = EXCLUDED.status, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
         venue_name = EXCLUDED.venue_name, venue_city = EXCLUDED.venue_city, venue_address = EXCLUDED.venue_address
       WHERE events.version < EXCLUDED.version
       RETURNING event_id`,
      [
        snapshot.eventId,
        snapshot.version,
        snapshot.title,
        snapshot.status,
        snapshot.startsAt,
        snapshot.endsAt,
        snapshot.venue.name,
        snapshot.venue.city,
        snapshot.venue.address,
      ],
    );
    return applied.length > 0;
  }

  async find(manager: EntityManager, eventId: string): Promise<EventFacts | undefined> {
    const [row] = await manager.query<EventRow[]>(`SELECT * FROM events WHERE event_id = $1`, [eventId]);
    return row
      ? {
          title: row.title,
          startsAt: row.starts_at,
          endsAt: row.ends_at,
          venueName: row.venue_name,
          venueCity: row.venue_city,
          venueAddress: row.venue_address,
        }
      : undefined;
  }
}
