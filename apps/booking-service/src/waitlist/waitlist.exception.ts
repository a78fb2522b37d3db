import { domainException } from '@evently/common';
import { HttpStatus } from '@nestjs/common';

export enum WaitlistErrorCode {
  TicketsAvailable = 'TICKETS_AVAILABLE',
  AlreadyWaitlisted = 'ALREADY_WAITLISTED',
  WaitlistDisabled = 'WAITLIST_DISABLED',
  EntryNotFound = 'WAITLIST_ENTRY_NOT_FOUND',
  EntryClosed = 'WAITLIST_ENTRY_CLOSED',
  OfferExpired = 'OFFER_EXPIRED',
  NoOffer = 'NO_OFFER',
}

const statusOf: Record<WaitlistErrorCode, HttpStatus> = {
  [WaitlistErrorCode.TicketsAvailable]: HttpStatus.CONFLICT,
  [WaitlistErrorCode.AlreadyWaitlisted]: HttpStatus.CONFLICT,
  [WaitlistErrorCode.WaitlistDisabled]: HttpStatus.CONFLICT,
  [WaitlistErrorCode.EntryNotFound]: HttpStatus.NOT_FOUND,
  [WaitlistErrorCode.EntryClosed]: HttpStatus.CONFLICT,
  [WaitlistErrorCode.OfferExpired]: HttpStatus.CONFLICT,
  [WaitlistErrorCode.NoOffer]: HttpStatus.CONFLICT,
};

export class WaitlistException extends domainException(statusOf) {}
