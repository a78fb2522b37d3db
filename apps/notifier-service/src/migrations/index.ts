import { messagingMigrations } from '@evently/messaging';

/** Every migration of notifier-service, in order; the data source runs exactly these (no glob loading). */
export const notifierServiceMigrations = [...messagingMigrations];
