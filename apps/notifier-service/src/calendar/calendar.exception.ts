import { domainException } from '@evently/common';
import { HttpStatus } from '@nestjs/common';

export enum CalendarErrorCode {
  CalendarFeedNotFound = 'CALENDAR_FEED_NOT_FOUND',
}

const statusOf: Record<CalendarErrorCode, HttpStatus> = {
  [CalendarErrorCode.CalendarFeedNotFound]: HttpStatus.NOT_FOUND,
};

export class CalendarException extends domainException(statusOf) {}
