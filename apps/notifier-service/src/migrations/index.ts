import { CreateMessagingTables1763700000000 } from '@evently/messaging';

/** Every migration of notifier-service, in order; the data source runs exactly these (no glob loading). */
export const notifierServiceMigrations = [CreateMessagingTables1763700000000];
