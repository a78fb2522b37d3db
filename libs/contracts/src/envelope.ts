import { z } from 'zod';

/** What travels on the wire (JSON body); `id` is also the AMQP messageId. */
export const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().min(1).max(200),
  version: z.number().int().min(1),
  occurredAt: z.iso.datetime({ offset: true }),
  producer: z.string().min(1).max(100),
  correlationId: z.string().min(1).max(200),
  payload: z.unknown(),
});

export type Envelope<P = unknown> = Omit<z.infer<typeof envelopeSchema>, 'payload'> & { payload: P };
