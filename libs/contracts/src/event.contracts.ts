import { z } from 'zod';
import { defineContract } from './contract';
import { isoDateTime, uuid } from './common.schemas';

export const seatSchema = z.object({
  label: z.string().min(1).max(40),
  section: z.string().min(1).max(20),
  row: z.number().int().min(1),
  number: z.number().int().min(1),
});

/** Everything booking-service and the notifier need to know of an event. */
export const eventSnapshotSchema = z.object({
  eventId: uuid,
  /** The event's version (its ETag) when the fact was written: consumers ignore facts older than what they hold. */
  version: z.number().int().min(1),
  organizerId: uuid,
  title: z.string().min(1).max(200),
  status: z.enum(['draft', 'published', 'cancelled', 'completed']),
  visibility: z.enum(['public', 'private']),
  startsAt: isoDateTime,
  endsAt: isoDateTime,
  venue: z.object({ name: z.string(), city: z.string(), address: z.string().nullable() }),
  /** General admission: the number of places; null for a seated event. */
  capacity: z.number().int().min(1).nullable(),
  /** Seated events: every seat; null for general admission. */
  seats: z.array(seatSchema).nullable(),
});

export const eventPublished = defineContract('event.published', 1, eventSnapshotSchema);
export const eventUpdated = defineContract(
  'event.updated',
  1,
  z.object({ eventId: uuid, changed: z.array(z.string()), snapshot: eventSnapshotSchema }),
);
export const eventCancelled = defineContract(
  'event.cancelled',
  1,
  z.object({ eventId: uuid, reason: z.string().max(500).nullable(), snapshot: eventSnapshotSchema }),
);

export type EventSnapshotV1 = z.infer<typeof eventSnapshotSchema>;
export type EventPublishedV1 = z.infer<typeof eventPublished.schema>;
export type EventUpdatedV1 = z.infer<typeof eventUpdated.schema>;
export type EventCancelledV1 = z.infer<typeof eventCancelled.schema>;
