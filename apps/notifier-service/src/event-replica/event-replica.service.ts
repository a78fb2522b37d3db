import { EventSnapshot } from '@evently/contracts';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EventFacts } from '../notification/templates';
import { EventReplicaRepository } from './event-replica.repository';

/** The notifier's replica of events: what a message says about an event (title, time, place). */
@Injectable()
export class EventReplica {
  constructor(private readonly events: EventReplicaRepository) {}

  /** Keeps the newest snapshot of an event; returns whether this one was newer than what was held. */
  record(manager: EntityManager, snapshot: EventSnapshot): Promise<boolean> {
    return this.events.upsert(manager, snapshot);
  }

  /** The event as last heard of; a booking fact can overtake the event's own fact, so the caller retries. */
  async factsOf(manager: EntityManager, eventId: string): Promise<EventFacts> {
    const facts = await this.events.find(manager, eventId);
    if (!facts) throw new Error(`event ${eventId} not known yet (its event.published has not arrived)`);
    return facts;
  }

  /** The events of `eventIds` as last heard of (those not heard of yet are left out). */
  findMany(manager: EntityManager, eventIds: string[]): Promise<EventFacts[]> {
    return this.events.findMany(manager, eventIds);
  }
}

export const snapshotFacts = (snapshot: EventSnapshot): EventFacts => ({
  eventId: snapshot.eventId,
  version: snapshot.version,
  status: snapshot.status,
  title: snapshot.title,
  startsAt: new Date(snapshot.startsAt),
  endsAt: new Date(snapshot.endsAt),
  timeZone: snapshot.timeZone,
  venueName: snapshot.venue.name,
  venueCity: snapshot.venue.city,
  venueAddress: snapshot.venue.address,
  organizerId: snapshot.organizerId,
});
