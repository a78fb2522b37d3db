import { z } from 'zod';

/** What libs/messaging reads: the broker, the topology's names, retry tiers and the outbox relay. */
export const messagingConfigSchema = z.object({
  /** The broker: one URL, or the nodes of a cluster comma-separated (a connection moves to a live one). */
  RABBITMQ_URL: z
    .string()
    .regex(
      /^amqps?:\/\/[^,\s]+(,amqps?:\/\/[^,\s]+)*$/,
      'must be an amqp:// or amqps:// URL, or several comma-separated',
    ),
  /** Topic exchange of domain facts, and the exchange that leads to each service's `<queue>.dlq`. */
  MESSAGING_EXCHANGE: z.string().min(1).default('evently.events'),
  MESSAGING_DEAD_LETTER_EXCHANGE: z.string().min(1).default('evently.dlx'),
  /** The service's queue; defaults to the service name. */
  MESSAGING_QUEUE: z.string().min(1).optional(),
  MESSAGING_PREFETCH: z.coerce.number().int().min(1).max(1000).default(20),
  /** Delays of the retry tiers, in milliseconds, comma-separated. */
  MESSAGING_RETRY_DELAYS_MS: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'must be comma-separated milliseconds, e.g. 1000,10000,60000')
    .default('1000,10000,60000')
    .transform((v) => v.split(',').map(Number)),
  OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(1000),
  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
});

export type MessagingConfig = z.infer<typeof messagingConfigSchema>;

/** The broker URLs of RABBITMQ_URL, in the order they are tried. */
export function brokerUrls(config: Pick<MessagingConfig, 'RABBITMQ_URL'>): string[] {
  return config.RABBITMQ_URL.split(',');
}
