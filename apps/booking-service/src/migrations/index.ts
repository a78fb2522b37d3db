/** Every migration of booking-service, in order; the data source runs exactly these (no glob loading). */
export const bookingServiceMigrations = [];
