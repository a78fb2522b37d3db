import { CreateMessagingTables1763700000000 } from '@evently/messaging';

/** Every migration of booking-service, in order; the data source runs exactly these (no glob loading). */
export const bookingServiceMigrations = [CreateMessagingTables1763700000000];
