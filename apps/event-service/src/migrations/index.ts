/** Every migration of event-service, in order; the data source runs exactly these (no glob loading). */
export const eventServiceMigrations = [];
