import { domainException } from '@evently/common';
import { HttpStatus } from '@nestjs/common';

export enum NotificationErrorCode {
  NotificationNotFound = 'NOTIFICATION_NOT_FOUND',
}

const statusOf: Record<NotificationErrorCode, HttpStatus> = {
  [NotificationErrorCode.NotificationNotFound]: HttpStatus.NOT_FOUND,
};

export class NotificationException extends domainException(statusOf) {}
