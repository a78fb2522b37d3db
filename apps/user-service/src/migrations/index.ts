/** Every migration of user-service, in order; the data source runs exactly these (no glob loading). */
export const userServiceMigrations = [];
