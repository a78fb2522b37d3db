import { authMigrations } from '@evently/auth';
import { messagingMigrations } from '@evently/messaging';
import { CreateUsers1763800000000 } from './1763800000000-create-users';
import { AddTokenVersion1764910000000 } from './1764910000000-add-token-version';

/** Every migration of user-service, in order; the data source runs exactly these (no glob loading). */
export const userServiceMigrations = [
  ...messagingMigrations,
  CreateUsers1763800000000,
  ...authMigrations,
  AddTokenVersion1764910000000,
];
