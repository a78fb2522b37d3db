import { z } from 'zod';
import { defineContract } from './contract';
import { emailAddress, role, uuid } from './common.schemas';

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
