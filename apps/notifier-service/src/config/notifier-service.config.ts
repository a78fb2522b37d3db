import { authConfigSchema } from '@evently/auth';
import { baseConfigSchema } from '@evently/common';
import { messagingConfigSchema } from '@evently/messaging';
import { schedulerConfigSchema } from '@evently/scheduler';
import { z } from 'zod';

const flag = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true');

export const notifierServiceConfigSchema = baseConfigSchema.extend({
  ...messagingConfigSchema.shape,
  ...authConfigSchema.shape,
  ...schedulerConfigSchema.shape,
  /** The SMTP server that takes our mail (MailDev locally, Mailpit in compose, a provider in production). */
  SMTP_HOST: z.string().min(1),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(1025),
  SMTP_SECURE: flag,
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  MAIL_FROM: z.string().min(3).default('Evently <no-reply@evently.local>'),
  /** Where people reach Evently (the gateway): links in emails, e.g. <PUBLIC_URL>/rsvp/<token>. */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .default('http://localhost:8080')
    .transform((v) => v.replace(/\/+$/, '')),
  /** Attempts before an email is marked failed; between them the wait doubles from the base up to the cap. */
  EMAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  EMAIL_RETRY_BASE_SECONDS: z.coerce.number().min(0.1).max(3600).default(5),
  EMAIL_RETRY_MAX_SECONDS: z.coerce.number().min(1).max(86400).default(300),
  EMAIL_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(1000),
  /**
   * How long a sender holds the emails it claimed; a crashed sender's (or one whose outcome could not be
   * recorded) are sent again once it lapses. Longer than one send can take (the mailer's timeouts: 20 s).
   */
  EMAIL_LEASE_SECONDS: z.coerce.number().int().min(25).max(3600).default(60),
  /** Attendees handled per transaction when an event change fans out. */
  FANOUT_BATCH_SIZE: z.coerce.number().int().min(1).max(10000).default(500),
  /** How often an idle instance looks for planned fan-outs. */
  FANOUT_POLL_INTERVAL_MS: z.coerce.number().int().min(50).max(60000).default(500),
  /** How often the live stream looks for new notifications (any instance may have written them). */
  STREAM_POLL_INTERVAL_MS: z.coerce.number().int().min(50).max(5000).default(400),
  /**
   * Live streams one user may hold on one instance; opening one more closes the oldest (its last event is
   * `replaced`). The gateway caps streams per client address as well (EVENTLY_STREAMS_PER_ADDRESS).
   */
  STREAMS_PER_USER: z.coerce.number().int().min(1).max(100).default(5),
  /** Webhook targets must be https (the local and test stacks allow http). */
  WEBHOOK_HTTPS_ONLY: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /**
   * Allow webhook targets on loopback, private, link-local and metadata addresses (checked when a subscription
   * is made and at every delivery). Off in production; the local and test stacks turn it on.
   */
  WEBHOOK_ALLOW_PRIVATE: flag,
  /** The whole exchange with a receiver, at most. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(5000),
  /** A delivery failing this long disables its subscription (and the organizer is told). */
  WEBHOOK_RETRY_HOURS: z.coerce.number().min(0.001).max(720).default(72),
  WEBHOOK_RETRY_BASE_SECONDS: z.coerce.number().min(0.1).max(3600).default(10),
  WEBHOOK_RETRY_MAX_SECONDS: z.coerce.number().min(1).max(86400).default(3600),
  WEBHOOK_POLL_INTERVAL_MS: z.coerce.number().int().min(20).max(60000).default(250),
  /** Subscriptions delivered to at once per instance (each gets one sender, so its order holds). */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(16),
  /** After a rotation, deliveries are signed with the previous secret too for this long. */
  WEBHOOK_SECRET_OVERLAP_HOURS: z.coerce.number().min(0).max(720).default(24),
});

export type NotifierServiceConfig = z.infer<typeof notifierServiceConfigSchema>;
