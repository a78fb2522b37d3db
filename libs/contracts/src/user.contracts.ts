import { z } from 'zod';
import { defineContract } from './contract';
import { emailAddress, isoDateTime, role, uuid } from './common.schemas';

const userSnapshot = z.object({
  userId: uuid,
  email: emailAddress,
  fullName: z.string().min(1).max(200),
  role,
});

export const userRegistered = defineContract('user.registered', 1, userSnapshot);
export const userUpdated = defineContract('user.updated', 1, userSnapshot);

export type UserRegisteredV1 = z.infer<typeof userRegistered.schema>;
export type UserUpdatedV1 = z.infer<typeof userUpdated.schema>;

export const SESSION_REVOCATION_REASONS = [
  'role-changed',
  'password-changed',
  'logout',
  'refresh-token-reused',
] as const;

/**
 * Access tokens of a user stop being honoured, everywhere, before they expire: every token whose `tv`
 * (token version) is below `tokenVersion`, and, when `sessionId` is set, every token of that session (its
 * refresh-token family, the token's `sid`). Tokens live at most until `expiresAt`, so nobody needs to
 * remember the revocation past it.
 */
export const userSessionsRevoked = defineContract(
  'user.sessions-revoked',
  1,
  z.object({
    userId: uuid,
    tokenVersion: z.number().int().min(0),
    sessionId: uuid.nullable(),
    reason: z.enum(SESSION_REVOCATION_REASONS),
    expiresAt: isoDateTime,
  }),
);

export type UserSessionsRevokedV1 = z.infer<typeof userSessionsRevoked.schema>;
