import { z } from 'zod';
import { EMAIL_ADDRESS_RULE, isEmailAddress, MAX_EMAIL_LENGTH } from './email-address';

export const uuid = z.uuid();
export const isoDateTime = z.iso.datetime({ offset: true });
export const role = z.enum(['customer', 'organizer', 'admin']);
/** An email address by Evently's one rule (email-address.ts), the same function the HTTP fields use. */
export const emailAddress = z
  .string()
  .max(MAX_EMAIL_LENGTH)
  .refine(isEmailAddress, `email ${EMAIL_ADDRESS_RULE}`);
