import { CreateMessagingTables1763700000000 } from '@evently/messaging';

/** Every migration of user-service, in order; the data source runs exactly these (no glob loading). */
export const userServiceMigrations = [CreateMessagingTables1763700000000];
