import { domainException } from '@evently/common';
import { HttpStatus } from '@nestjs/common';

export enum TicketErrorCode {
  TicketNotFound = 'TICKET_NOT_FOUND',
  TicketVoided = 'TICKET_VOIDED',
  /** Attendees are named until the event starts. */
  TicketLocked = 'TICKET_LOCKED',
  /** Only the event's organizer, its staff or an admin work its door. */
  NotEventStaff = 'NOT_EVENT_STAFF',
}

const statusOf: Record<TicketErrorCode, HttpStatus> = {
  [TicketErrorCode.TicketNotFound]: HttpStatus.NOT_FOUND,
  [TicketErrorCode.TicketVoided]: HttpStatus.CONFLICT,
  [TicketErrorCode.TicketLocked]: HttpStatus.CONFLICT,
  [TicketErrorCode.NotEventStaff]: HttpStatus.FORBIDDEN,
};

export class TicketException extends domainException(statusOf) {}
