import { authMigrations } from '@evently/auth';
import { messagingMigrations } from '@evently/messaging';
import { CreateEvents1763900000000 } from './1763900000000-create-events';
import { AddWaitlistSettings1764300000000 } from './1764300000000-add-waitlist-settings';
import { AddReminders1764500000000 } from './1764500000000-add-reminders';
import { AddTimeZone1764800000000 } from './1764800000000-add-time-zone';
import { AddTicketTypes1764900000000 } from './1764900000000-add-ticket-types';
import { AddQuestions1765060000000 } from './1765060000000-add-questions';
import { AddOnSale1765090000000 } from './1765090000000-add-on-sale';
import { AddRefundWindow1765000000000 } from './1765000000000-add-refund-window';

/** Every migration of event-service, in order; the data source runs exactly these (no glob loading). */
export const eventServiceMigrations = [
  ...messagingMigrations,
  CreateEvents1763900000000,
  AddWaitlistSettings1764300000000,
  AddReminders1764500000000,
  AddTimeZone1764800000000,
  AddTicketTypes1764900000000,
  AddRefundWindow1765000000000,
  AddQuestions1765060000000,
  AddOnSale1765090000000,
  ...authMigrations,
];
