import { messagingMigrations } from '@evently/messaging';
import { CreateNotifications1764200000000 } from './1764200000000-create-notifications';

/** Every migration of notifier-service, in order; the data source runs exactly these (no glob loading). */
export const notifierServiceMigrations = [...messagingMigrations, CreateNotifications1764200000000];
