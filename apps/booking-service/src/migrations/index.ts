import { messagingMigrations } from '@evently/messaging';
import { CreateBookings1764000000000 } from './1764000000000-create-bookings';

/** Every migration of booking-service, in order; the data source runs exactly these (no glob loading). */
export const bookingServiceMigrations = [...messagingMigrations, CreateBookings1764000000000];
