import { z } from 'zod';
import {
  bookingCancelled,
  bookingConfirmed,
  bookingHeld,
  bookingHoldEnded,
  bookingRefunded,
  ticketCheckedIn,
} from './booking.contracts';
import { auditRecorded } from './audit.contracts';
import { ContractRegistry } from './contract';
import { eventCancelled, eventCompleted, eventPublished, eventUpdated } from './event.contracts';
import { invitationResponded, invitationSent, rsvpSummary } from './invitation.contracts';
import { userRegistered, userSessionsRevoked, userUpdated } from './user.contracts';
import { waitlistClosed, waitlistExpired, waitlistJoined, waitlistOffered } from './waitlist.contracts';

export * from './audit.contracts';
export * from './booking.contracts';
export * from './common.schemas';
export * from './contract';
export * from './email-address';
export * from './envelope';
export * from './event.contracts';
export * from './invitation.contracts';
export * from './user.contracts';
export * from './waitlist.contracts';

/** Every domain fact of Evently; the routing key is the message type. */
export const CONTRACTS = [
  userRegistered,
  userUpdated,
  userSessionsRevoked,
  eventPublished,
  eventUpdated,
  eventCancelled,
  eventCompleted,
  bookingConfirmed,
  bookingCancelled,
  bookingHeld,
  bookingHoldEnded,
  bookingRefunded,
  ticketCheckedIn,
  waitlistJoined,
  waitlistOffered,
  waitlistExpired,
  waitlistClosed,
  invitationSent,
  invitationResponded,
  rsvpSummary,
  auditRecorded,
] as const;

export type DomainContract = (typeof CONTRACTS)[number];
export type RoutingKey = DomainContract['routingKey'];
export type PayloadOf<K extends RoutingKey> = z.infer<Extract<DomainContract, { routingKey: K }>['schema']>;

/** Routing keys as constants, so no string literal is scattered around. */
export const RoutingKeys = {
  UserRegistered: userRegistered.routingKey,
  UserUpdated: userUpdated.routingKey,
  UserSessionsRevoked: userSessionsRevoked.routingKey,
  EventPublished: eventPublished.routingKey,
  EventUpdated: eventUpdated.routingKey,
  EventCancelled: eventCancelled.routingKey,
  EventCompleted: eventCompleted.routingKey,
  BookingConfirmed: bookingConfirmed.routingKey,
  BookingCancelled: bookingCancelled.routingKey,
  BookingHeld: bookingHeld.routingKey,
  BookingHoldEnded: bookingHoldEnded.routingKey,
  BookingRefunded: bookingRefunded.routingKey,
  TicketCheckedIn: ticketCheckedIn.routingKey,
  WaitlistJoined: waitlistJoined.routingKey,
  WaitlistOffered: waitlistOffered.routingKey,
  WaitlistExpired: waitlistExpired.routingKey,
  WaitlistClosed: waitlistClosed.routingKey,
  InvitationSent: invitationSent.routingKey,
  InvitationResponded: invitationResponded.routingKey,
  RsvpSummary: rsvpSummary.routingKey,
  AuditRecorded: auditRecorded.routingKey,
} as const;

export const domainContracts = (): ContractRegistry => new ContractRegistry(CONTRACTS);
