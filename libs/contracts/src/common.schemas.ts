import { z } from 'zod';

export const uuid = z.uuid();
export const isoDateTime = z.iso.datetime({ offset: true });
export const role = z.enum(['customer', 'organizer', 'admin']);
