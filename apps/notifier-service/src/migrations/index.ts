import { authMigrations } from '@evently/auth';
import { messagingMigrations } from '@evently/messaging';
import { CreateNotifications1764200000000 } from './1764200000000-create-notifications';
import { CreateWaitlisters1764300000000 } from './1764300000000-create-waitlisters';
import { CreateInvitees1764400000000 } from './1764400000000-create-invitees';
import { CreateReminderPlans1764500000000 } from './1764500000000-create-reminder-plans';
import { AddCalendars1764600000000 } from './1764600000000-add-calendars';
import { CreateAuditLog1765080000000 } from './1765080000000-create-audit-log';
import { CreateFeedAndWebhooks1765070000000 } from './1765070000000-create-feed-and-webhooks';
import { EmailTicketCodes1765040000000 } from './1765040000000-email-ticket-codes';

/** Every migration of notifier-service, in order; the data source runs exactly these (no glob loading). */
export const notifierServiceMigrations = [
  ...messagingMigrations,
  CreateNotifications1764200000000,
  CreateWaitlisters1764300000000,
  CreateInvitees1764400000000,
  CreateReminderPlans1764500000000,
  ...authMigrations,
  AddCalendars1764600000000,
  EmailTicketCodes1765040000000,
  CreateFeedAndWebhooks1765070000000,
  CreateAuditLog1765080000000,
];
