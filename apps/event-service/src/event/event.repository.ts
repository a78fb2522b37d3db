import { keysetPage, Page } from '@evently/common';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { EventEntity } from './event.entity';

/** Which events a listing shows: someone's own (any status), or what is on sale to the public. */
export interface EventListing {
  limit: number;
  cursor?: string;
  /** Every event of this organizer; without it, published public events that have not ended. */
  organizerId?: string;
  q?: string;
  city?: string;
  venue?: string;
  from?: string;
  to?: string;
}

/** The only place that reads and writes `events`. */
@Injectable()
export class EventRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(fields: Partial<EventEntity>): Promise<EventEntity> {
    await this.dataSource.manager.insert(EventEntity, fields);
    return this.dataSource.manager.findOneByOrFail(EventEntity, { id: fields.id });
  }

  find(id: string): Promise<EventEntity | null> {
    return this.dataSource.manager.findOneBy(EventEntity, { id });
  }

  /** The event, row-locked until the transaction ends (every change of one event is serialised here). */
  lock(manager: EntityManager, id: string): Promise<EventEntity | null> {
    return manager.findOne(EventEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Writes `fields` and the next version; returns the event as stored. */
  async save(manager: EntityManager, event: EventEntity, fields: Partial<EventEntity>): Promise<EventEntity> {
    await manager.update(EventEntity, { id: event.id }, { ...fields, version: event.version + 1 });
    return manager.findOneByOrFail(EventEntity, { id: event.id });
  }

  /** Which completion job stands for the event (not a change the organizer made: the version stays). */
  async setCompletionJob(manager: EntityManager, id: string, jobId: string | null): Promise<void> {
    await manager.update(EventEntity, { id }, { completionJobId: jobId });
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(EventEntity, { id });
  }

  /**
   * One page by (startsAt, id): rows inserted meanwhile never shift a page, so none is repeated or skipped.
   * `q` is full-text (websearch syntax); city and venue match whole names, case aside; from/to bound the start.
   */
  page(listing: EventListing): Promise<Page<EventEntity>> {
    const query = this.dataSource.getRepository(EventEntity).createQueryBuilder('e');
    if (listing.organizerId) query.where('e.organizerId = :me', { me: listing.organizerId });
    else query.where(`e.status = 'published' AND e.visibility = 'public' AND e.endsAt > now()`);
    if (listing.q) query.andWhere(`e.search @@ websearch_to_tsquery('english', :q)`, { q: listing.q });
    if (listing.city) query.andWhere('lower(e.venueCity) = lower(:city)', { city: listing.city });
    if (listing.venue) query.andWhere('lower(e.venueName) = lower(:venue)', { venue: listing.venue });
    if (listing.from) query.andWhere('e.startsAt >= :from', { from: new Date(listing.from) });
    if (listing.to) query.andWhere('e.startsAt < :to', { to: new Date(listing.to) });
    return keysetPage(query, {
      time: 'startsAt',
      direction: 'ASC',
      limit: listing.limit,
      cursor: listing.cursor,
    });
  }
}
