import { EventSnapshot } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventFacts } from '../notification/templates';

interface EventRow {
  event_id: string;
  version: number;
  status: string;
  time_zone: string;
  title: string;
  starts_at: Date;
  ends_at: Date;
  venue_name: string;
  venue_city: string;
  venue_address: string | null;
  organizer_id: string | null;
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
      `INSERT INTO events (event_id, version, title, status, starts_at, ends_at, venue_name, venue_city, venue_address,
                           time_zone, organizer_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (event_id) DO UPDATE SET version = EXCLUDED.version, title = EXCLUDED.title,
         status = EXCLUDED.status, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at,
         venue_name = EXCLUDED.venue_name, venue_city = EXCLUDED.venue_city, venue_address = EXCLUDED.venue_address,
         time_zone = EXCLUDED.time_zone, organizer_id = EXCLUDED.organizer_id
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
        snapshot.timeZone,
        snapshot.organizerId,
      ],
    );
    return applied.length > 0;
  }

  async find(manager: EntityManager, eventId: string): Promise<EventFacts | undefined> {
    const [row] = await manager.query<EventRow[]>(`SELECT * FROM events WHERE event_id = $1`, [eventId]);
    return row ? factsOf(row) : undefined;
  }

  /** The events of `eventIds` that are held. */
  async findMany(manager: EntityManager, eventIds: string[]): Promise<EventFacts[]> {
    if (eventIds.length === 0) return [];
    const rows = await manager.query<EventRow[]>(`SELECT * FROM events WHERE event_id = ANY($1::uuid[])`, [
      eventIds,
    ]);
    return rows.map(factsOf);
  }
}

const factsOf = (row: EventRow): EventFacts => ({
  eventId: row.event_id,
  version: row.version,
  status: row.status,
  title: row.title,
  startsAt: row.starts_at,
  endsAt: row.ends_at,
  timeZone: row.time_zone,
  venueName: row.venue_name,
  venueCity: row.venue_city,
  venueAddress: row.venue_address,
  organizerId: row.organizer_id,
});
