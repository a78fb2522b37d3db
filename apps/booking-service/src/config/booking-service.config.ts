import { authConfigSchema } from '@evently/auth';
import { baseConfigSchema } from '@evently/common';
import { messagingConfigSchema } from '@evently/messaging';
import { schedulerConfigSchema } from '@evently/scheduler';
import { z } from 'zod';

/** The highest per-user limit that may be configured; also the bound of a request's size. */
export const TICKETS_PER_USER_CEILING = 1000;

/** An optional setting given as an empty string (docker compose's `${X:-}`) counts as not set. */
const unsetWhenEmpty = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema);

export const bookingServiceConfigSchema = baseConfigSchema.extend({
  ...messagingConfigSchema.shape,
  ...authConfigSchema.shape,
  ...schedulerConfigSchema.shape,
  /**
   * Tickets one user may hold for one event, over all their confirmed bookings; one booking asking for
   * more is 400 (BookingService.checkRequest), one that would pass it with what is held 409 LIMIT_EXCEEDED.
   */
  BOOKING_MAX_TICKETS_PER_USER: z.coerce.number().int().min(1).max(TICKETS_PER_USER_CEILING).default(10),
  /** How long an Idempotency-Key keeps its recorded response. */
  IDEMPOTENCY_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  /**
   * A general-admission claim (places taken for a booking in flight) older than this belongs to a process
   * that died mid-booking; the sweeper gives its places back. Bookings take milliseconds.
   */
  BOOKING_CLAIM_TTL_SECONDS: z.coerce.number().int().min(2).max(3600).default(60),
  /** How long a priced order's places are held for its payment. */
  BOOKING_HOLD_SECONDS: z.coerce.number().int().min(2).max(86400).default(900),
  /** Where people reach Evently (the gateway): where a payment provider sends the buyer back to. */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .default('http://localhost:8080')
    .transform((v) => v.replace(/\/+$/, '')),
  /** What an attendee paying offline is told, beside the amount, the reference and the deadline. */
  PAYMENT_OFFLINE_INSTRUCTIONS: z
    .string()
    .min(1)
    .max(2000)
    .default(
      "Pay by bank transfer to the organizer's account, quoting the reference. The organizer confirms your booking when the money arrives.",
    ),
  /** Stripe's secret API key; Stripe payments are offered only when it and the webhook secret are set. */
  STRIPE_SECRET_KEY: unsetWhenEmpty(z.string().min(1).optional()),
  /** The signing secret (whsec_...) of the endpoint /api/v1/payments/stripe/webhook. */
  STRIPE_WEBHOOK_SECRET: unsetWhenEmpty(z.string().min(1).optional()),
  /** Another address for Stripe's API (a local stand-in in tests); left out: api.stripe.com. */
  STRIPE_API_URL: unsetWhenEmpty(z.url({ protocol: /^https?$/ }).optional()),
  /** A key still in flight after this long belongs to a request that died; a retry may take it over. */
  IDEMPOTENCY_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  /**
   * An instance whose heartbeat (every second) is older than this is gone: a retry takes over the
   * Idempotency-Keys it held in flight, and the sweeper gives back its place claims, at once instead of
   * waiting out the lease or the claim TTL.
   */
  BOOKING_INSTANCE_GONE_SECONDS: z.coerce.number().min(2).max(600).default(3),
  /** How often the door counter re-counts the events someone follows live (one query per event). */
  DOOR_COUNTER_INTERVAL_MS: z.coerce.number().int().min(100).max(60000).default(1000),
  /** How often each open on-sale queue ranks newcomers and admits (one round per queue at a time, any instance). */
  QUEUE_TICK_MS: z.coerce.number().int().min(50).max(10000).default(250),
  /**
   * A queue without the organizer's rate keeps this many passes in use at once (admitted, not yet used to
   * book, not expired): admission then follows how fast bookings are actually made.
   */
  QUEUE_WINDOW: z.coerce.number().int().min(1).max(100000).default(200),
  /** What a wait is estimated from before any admission was measured (visitors per minute). */
  QUEUE_ESTIMATE_PER_MINUTE: z.coerce.number().min(1).max(1_000_000).default(3000),
  /** How often a waiting visitor's live stream is brought up to date. */
  QUEUE_STREAM_INTERVAL_MS: z.coerce.number().int().min(100).max(60000).default(1000),
});

export type BookingServiceConfig = z.infer<typeof bookingServiceConfigSchema>;
