import { messagingMigrations } from '@evently/messaging';
import { CreateUsers1763800000000 } from './1763800000000-create-users';

/** Every migration of user-service, in order; the data source runs exactly these (no glob loading). */
export const userServiceMigrations = [...messagingMigrations, CreateUsers1763800000000];
