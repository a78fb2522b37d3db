import { messagingMigrations } from '@evently/messaging';
import { CreateEvents1763900000000 } from './1763900000000-create-events';
import { AddWaitlistSettings1764300000000 } from './1764300000000-add-waitlist-settings';

/** Every migration of event-service, in order; the data source runs exactly these (no glob loading). */
export const eventServiceMigrations = [
  ...messagingMigrations,
  CreateEvents1763900000000,
  AddWaitlistSettings1764300000000,
];
