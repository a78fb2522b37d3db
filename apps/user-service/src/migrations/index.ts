import { CreateMessagingTables1763700000000 } from '@evently/messaging';
import { CreateUsers1763800000000 } from './1763800000000-create-users';

/** Every migration of user-service, in order; the data source runs exactly these (no glob loading). */
export const userServiceMigrations = [CreateMessagingTables1763700000000, CreateUsers1763800000000];
