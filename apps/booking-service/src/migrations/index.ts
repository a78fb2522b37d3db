import { authMigrations } from '@evently/auth';
import { messagingMigrations } from '@evently/messaging';
import { CreateBookings1764000000000 } from './1764000000000-create-bookings';
import { CreateWaitlist1764300000000 } from './1764300000000-create-waitlist';
import { CreateInvitations1764400000000 } from './1764400000000-create-invitations';
import { CreateAnalytics1764600000000 } from './1764600000000-create-analytics';
import { CreatePlaceClaims1764700000000 } from './1764700000000-create-place-claims';
import { BookClaimedInOneCall1764800000000 } from './1764800000000-book-claimed-in-one-call';
import { IdempotencyClaimsWithOwners1764920000000 } from './1764920000000-idempotency-claims-with-owners';
import { PlaceClaimsWithOwners1764930000000 } from './1764930000000-place-claims-with-owners';
import { ConfirmBookingInOnePlace1764960000000 } from './1764960000000-confirm-booking-in-one-place';
import { InventoryTimeZone1764970000000 } from './1764970000000-inventory-time-zone';
import { InventoryTicketTypes1764980000000 } from './1764980000000-inventory-ticket-types';
import { Orders1764990000000 } from './1764990000000-orders';
import { PromoCodes1765000000000 } from './1765000000000-promo-codes';
import { InventoryRefundWindow1765010000000 } from './1765010000000-inventory-refund-window';
import { SeatTicketTypes1765020000000 } from './1765020000000-seat-ticket-types';
import { WaitlistTicketTypes1765030000000 } from './1765030000000-waitlist-ticket-types';
import { Tickets1765040000000 } from './1765040000000-tickets';
import { InventoryQuestions1765060000000 } from './1765060000000-inventory-questions';
import { SaleQueue1765090000000 } from './1765090000000-sale-queue';
import { PeopleAndStaff1765050000000 } from './1765050000000-people-and-staff';

/** Every migration of booking-service, in order; the data source runs exactly these (no glob loading). */
export const bookingServiceMigrations = [
  ...messagingMigrations,
  CreateBookings1764000000000,
  CreateWaitlist1764300000000,
  CreateInvitations1764400000000,
  CreateAnalytics1764600000000,
  CreatePlaceClaims1764700000000,
  BookClaimedInOneCall1764800000000,
  ...authMigrations,
  IdempotencyClaimsWithOwners1764920000000,
  PlaceClaimsWithOwners1764930000000,
  ConfirmBookingInOnePlace1764960000000,
  InventoryTimeZone1764970000000,
  InventoryTicketTypes1764980000000,
  Orders1764990000000,
  PromoCodes1765000000000,
  InventoryRefundWindow1765010000000,
  SeatTicketTypes1765020000000,
  WaitlistTicketTypes1765030000000,
  Tickets1765040000000,
  PeopleAndStaff1765050000000,
  InventoryQuestions1765060000000,
  SaleQueue1765090000000,
];
