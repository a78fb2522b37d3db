import { domainException } from '@evently/common';
import { HttpStatus } from '@nestjs/common';

export enum EventErrorCode {
  EventNotFound = 'EVENT_NOT_FOUND',
  NotEventOwner = 'NOT_EVENT_OWNER',
  InvalidEventState = 'INVALID_EVENT_STATE',
  VersionConflict = 'VERSION_CONFLICT',
  StartsInPast = 'STARTS_IN_PAST',
  CapacityBelowBooked = 'CAPACITY_BELOW_BOOKED',
  SeatingPlanFixed = 'SEATING_PLAN_FIXED',
  TicketTypesFixed = 'TICKET_TYPES_FIXED',
}

const statusOf: Record<EventErrorCode, HttpStatus> = {
  [EventErrorCode.EventNotFound]: HttpStatus.NOT_FOUND,
  [EventErrorCode.NotEventOwner]: HttpStatus.FORBIDDEN,
  [EventErrorCode.InvalidEventState]: HttpStatus.CONFLICT,
  [EventErrorCode.VersionConflict]: HttpStatus.PRECONDITION_FAILED,
  [EventErrorCode.StartsInPast]: HttpStatus.UNPROCESSABLE_ENTITY,
  [EventErrorCode.CapacityBelowBooked]: HttpStatus.CONFLICT,
  [EventErrorCode.SeatingPlanFixed]: HttpStatus.CONFLICT,
  [EventErrorCode.TicketTypesFixed]: HttpStatus.CONFLICT,
};

export class EventException extends domainException(statusOf) {}
