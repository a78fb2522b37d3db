import { CreateMessagingTables1763700000000 } from '@evently/messaging';

/** Every migration of event-service, in order; the data source runs exactly these (no glob loading). */
export const eventServiceMigrations = [CreateMessagingTables1763700000000];
