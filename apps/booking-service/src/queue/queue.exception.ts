import { domainException } from '@evently/common';
import { HttpStatus } from '@nestjs/common';

export enum QueueErrorCode {
  /** The event sells through a queue and the booking came without a valid pass of the buyer's. */
  QueuePassRequired = 'QUEUE_PASS_REQUIRED',
  /** The event's sale opens later (and it has no queue to wait in). */
  SaleNotOpen = 'SALE_NOT_OPEN',
  /** The event does not sell through a queue (or no longer sells at all). */
  NoQueue = 'NO_QUEUE',
  /** No place in this event's line has this token (or it is another account's). */
  QueueEntryNotFound = 'QUEUE_ENTRY_NOT_FOUND',
}

const statusOf: Record<QueueErrorCode, HttpStatus> = {
  [QueueErrorCode.QueuePassRequired]: HttpStatus.CONFLICT,
  [QueueErrorCode.SaleNotOpen]: HttpStatus.CONFLICT,
  [QueueErrorCode.NoQueue]: HttpStatus.CONFLICT,
  [QueueErrorCode.QueueEntryNotFound]: HttpStatus.NOT_FOUND,
};

export class QueueException extends domainException(statusOf) {}
