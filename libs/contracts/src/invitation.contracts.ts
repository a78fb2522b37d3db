import { z } from 'zod';
import { defineContract } from './contract';
import { emailAddress, isoDateTime, uuid } from './common.schemas';

export const RSVP_RESPONSES = ['yes', 'no', 'maybe'] as const;
export type RsvpResponse = (typeof RSVP_RESPONSES)[number];

/**
 * An invitation was created. `token` is the guest's RSVP secret, carried only to the notifier that emails
 * it (booking-service keeps its hash alone).
 */
export const invitationSent = defineContract(
  'invitation.sent',
  1,
  z.object({
    invitationId: uuid,
    eventId: uuid,
    organizerId: uuid,
    email: emailAddress,
    name: z.string().max(200).nullable(),
    message: z.string().max(2000).nullable(),
    rsvpBy: isoDateTime,
    plusOnesAllowed: z.number().int().min(0).max(5),
    token: z.string().min(32).max(200),
  }),
);

/** A guest answered (or changed the answer); `answer` counts the guest's answers, from 1. */
export const invitationResponded = defineContract(
  'invitation.responded',
  1,
  z.object({
    invitationId: uuid,
    eventId: uuid,
    organizerId: uuid,
    email: emailAddress,
    name: z.string().max(200).nullable(),
    response: z.enum(RSVP_RESPONSES),
    plusOnes: z.number().int().min(0).max(5),
    comment: z.string().max(500).nullable(),
    answer: z.number().int().min(1),
  }),
);

/** The RSVP counts of an event, once: at its deadline, or as soon as every guest has answered. */
export const rsvpSummary = defineContract(
  'rsvp.summary',
  1,
  z.object({
    eventId: uuid,
    organizerId: uuid,
    invited: z.number().int().min(0),
    pending: z.number().int().min(0),
    yes: z.number().int().min(0),
    no: z.number().int().min(0),
    maybe: z.number().int().min(0),
    attending: z.number().int().min(0),
    rsvpBy: isoDateTime,
    reason: z.enum(['deadline', 'all_answered']),
  }),
);

export type InvitationSentV1 = z.infer<typeof invitationSent.schema>;
export type InvitationRespondedV1 = z.infer<typeof invitationResponded.schema>;
export type RsvpSummaryV1 = z.infer<typeof rsvpSummary.schema>;
