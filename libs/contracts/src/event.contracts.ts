import { z } from 'zod';
import { defineContract } from './contract';
import { isoDateTime, uuid } from './common.schemas';

export const seatSchema = z.object({
  label: z.string().min(1).max(40),
  section: z.string().min(1).max(20),
  row: z.number().int().min(1),
  number: z.number().int().min(1),
  /** The ticket type the seat is sold as (its section's); left out in facts older than version 5. */
  ticketTypeId: uuid.optional(),
});

/** Money: integer minor units and an ISO 4217 currency. */
export const moneySchema = z.object({
  amount: z.number().int().min(0),
  currency: z.string().regex(/^[A-Z]{3}$/),
});

/** What an event sells: every event has at least one type (a free "General admission" one by default). */
export const ticketTypeSchema = z.object({
  id: uuid,
  name: z.string().min(1).max(100),
  description: z.string().nullable(),
  price: moneySchema,
  /** At most this many of the type are sold (within the event's places); null: no cap of its own. */
  quota: z.number().int().min(1).nullable(),
  salesStart: isoDateTime.nullable(),
  salesEnd: isoDateTime.nullable(),
  maxPerOrder: z.number().int().min(1).nullable(),
  /** Sold only with a promo code that unlocks it. */
  hidden: z.boolean(),
});

/** A question an event asks of each attendee, answered per ticket (by its holder, until the start). */
export const questionSchema = z.object({
  /** Stable key of the answers: letters, digits, - and _. */
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/),
  label: z.string().min(1).max(200),
  kind: z.enum(['text', 'choice', 'checkbox']),
  /** The choices of a `choice` question; null for the other kinds. */
  options: z.array(z.string().min(1).max(100)).nullable(),
  required: z.boolean(),
});

/**
 * How an event's sale opens: at `opensAt`, and when `queue` is on, through a queue (visitors who joined before
 * are put in a random order, later ones behind in arrival order; they are admitted `admitPerMinute` a minute,
 * or at the rate Evently derives when null, each with a pass to book for `passMinutes`).
 */
export const onSaleSchema = z.object({
  queue: z.boolean(),
  opensAt: z.string().datetime({ offset: true }),
  admitPerMinute: z.number().int().min(1).max(1_000_000).nullable().default(null),
  passMinutes: z.number().int().min(1).max(120).default(10),
});

/** An event's waiting list: whether it takes entries, and how long an offer of freed places is held. */
export const waitlistSettingsSchema = z.object({
  enabled: z.boolean(),
  offerMinutes: z.number().int().min(1).max(10080),
});
export const WAITLIST_DEFAULTS: z.infer<typeof waitlistSettingsSchema> = { enabled: true, offerMinutes: 30 };

/** Everything booking-service and the notifier need to know of an event (version 1 of the facts). */
const eventSnapshotV1Schema = z.object({
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

/** Minutes before the start at which attendees are reminded. */
export const remindersSchema = z
  .array(z.number().int().min(1).max(43200))
  .max(4)
  .refine((values) => new Set(values).size === values.length, 'reminders must differ');
export const REMINDER_DEFAULTS = [1440, 60];

/**
 * Version 2 added the waiting-list settings, version 3 the reminders, version 4 the time zone, version 5 the ticket types, version 6 the refund window, version 7 the questions, version 8 the on-sale settings. An older fact (still in a queue or an
 * outbox) reads as the newest version with the defaults, and a consumer that knows only an older version
 * reads a newer fact with its own schema (ContractRegistry: versions of one routing key only add fields).
 */
export const eventSnapshotSchema = eventSnapshotV1Schema.extend({
  waitlist: waitlistSettingsSchema.default(WAITLIST_DEFAULTS),
  reminders: remindersSchema.default(REMINDER_DEFAULTS),
  /** IANA name of the zone the event's times are shown in; events made before zones existed are in UTC. */
  timeZone: z.string().min(1).max(64).default('UTC'),
  /** What the event sells; empty in facts older than version 5 (read as one free type). */
  ticketTypes: z.array(ticketTypeSchema).default([]),
  /**
   * Attendees may cancel a paid booking for a full refund until this many hours before the start; null (and
   * facts without it): only the organizer refunds.
   */
  refundWindowHours: z.number().int().min(0).max(8760).nullable().default(null),
  /** What each attendee is asked (none in facts older than version 7). */
  questions: z.array(questionSchema).max(20).default([]),
  /** How the sale opens (null, and facts older than version 8: it is open from publication, no queue). */
  onSale: onSaleSchema.nullable().default(null),
});

// Version 1 payloads are read with the version-2 schema: the settings they lack take their defaults.
const eventUpdatedSchema = z.object({
  eventId: uuid,
  changed: z.array(z.string()),
  snapshot: eventSnapshotSchema,
});
const eventCancelledSchema = z.object({
  eventId: uuid,
  reason: z.string().max(500).nullable(),
  snapshot: eventSnapshotSchema,
});

const eventCompletedSchema = z.object({ eventId: uuid, snapshot: eventSnapshotSchema });

export const eventPublished = defineContract('event.published', 8, eventSnapshotSchema, {
  1: eventSnapshotSchema,
  2: eventSnapshotSchema,
  3: eventSnapshotSchema,
  4: eventSnapshotSchema,
  5: eventSnapshotSchema,
  6: eventSnapshotSchema,
  7: eventSnapshotSchema,
});
export const eventUpdated = defineContract('event.updated', 8, eventUpdatedSchema, {
  1: eventUpdatedSchema,
  2: eventUpdatedSchema,
  3: eventUpdatedSchema,
  4: eventUpdatedSchema,
  5: eventUpdatedSchema,
  6: eventUpdatedSchema,
  7: eventUpdatedSchema,
});
export const eventCancelled = defineContract('event.cancelled', 8, eventCancelledSchema, {
  1: eventCancelledSchema,
  2: eventCancelledSchema,
  3: eventCancelledSchema,
  4: eventCancelledSchema,
  5: eventCancelledSchema,
  6: eventCancelledSchema,
  7: eventCancelledSchema,
});
/** The event has ended (at its `endsAt`): nothing more is sold; attendance can be counted. */
export const eventCompleted = defineContract('event.completed', 1, eventCompletedSchema);

export type EventSnapshot = z.infer<typeof eventSnapshotSchema>;
export type WaitlistSettings = z.infer<typeof waitlistSettingsSchema>;
export type TicketType = z.infer<typeof ticketTypeSchema>;
export type Money = z.infer<typeof moneySchema>;
export type Question = z.infer<typeof questionSchema>;
export type OnSale = z.infer<typeof onSaleSchema>;
export type EventPublished = z.infer<typeof eventPublished.schema>;
export type EventUpdated = z.infer<typeof eventUpdated.schema>;
export type EventCancelled = z.infer<typeof eventCancelled.schema>;
export type EventCompleted = z.infer<typeof eventCompleted.schema>;
