import { z } from 'zod';
import { defineContract } from './contract';
import { isoDateTime, uuid } from './common.schemas';

/** How a waiting-list entry ended, other than by its offer expiring (`waitlist.expired`). */
export const WaitlistClosedStatus = {
  Accepted: 'accepted',
  Declined: 'declined',
  Left: 'left',
  Cancelled: 'cancelled',
} as const;
export type WaitlistClosedStatus = (typeof WaitlistClosedStatus)[keyof typeof WaitlistClosedStatus];
const CLOSED_STATUSES = Object.values(WaitlistClosedStatus) as [
  WaitlistClosedStatus,
  ...WaitlistClosedStatus[],
];

const entryFact = z.object({
  entryId: uuid,
  eventId: uuid,
  userId: uuid,
  quantity: z.number().int().min(1),
});

export const waitlistJoined = defineContract('waitlist.joined', 1, entryFact);
/** Places freed and held for the entry until `offerExpiresAt`; `seats` names them on a seated event. */
export const waitlistOffered = defineContract(
  'waitlist.offered',
  1,
  entryFact.extend({ seats: z.array(z.string().min(1).max(40)), offerExpiresAt: isoDateTime }),
);
export const waitlistExpired = defineContract('waitlist.expired', 1, entryFact);
export const waitlistClosed = defineContract(
  'waitlist.closed',
  1,
  entryFact.extend({ status: z.enum(CLOSED_STATUSES), bookingId: uuid.nullable() }),
);

export type WaitlistJoinedV1 = z.infer<typeof waitlistJoined.schema>;
export type WaitlistOfferedV1 = z.infer<typeof waitlistOffered.schema>;
export type WaitlistExpiredV1 = z.infer<typeof waitlistExpired.schema>;
export type WaitlistClosedV1 = z.infer<typeof waitlistClosed.schema>;
