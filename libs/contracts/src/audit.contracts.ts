import { z } from 'zod';
import { defineContract } from './contract';
import { isoDateTime, uuid } from './common.schemas';

/**
 * Something a person did that the audit log keeps: who (and in which role), what (`action`, e.g.
 * `event.updated`), on what, for whose event, from where (the request id and the caller's address), and for
 * a change the fields with their values before and after. Published by the service that did it, in the
 * same transaction; kept by the notifier, append-only.
 */
export const auditRecorded = defineContract(
  'audit.recorded',
  1,
  z.object({
    actorId: uuid,
    actorRole: z.string().min(1).max(20),
    action: z.string().min(1).max(60),
    targetType: z.string().min(1).max(40),
    targetId: z.string().min(1).max(100),
    eventId: uuid.nullable(),
    organizerId: uuid.nullable(),
    changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
    requestId: z.string().max(128).nullable(),
    address: z.string().max(64).nullable(),
    at: isoDateTime,
  }),
);

export type AuditRecordedV1 = z.infer<typeof auditRecorded.schema>;
