import { AppException } from '@evently/common';
import { HttpStatus } from '@nestjs/common';

export enum NotificationErrorCode {
  NotificationNotFound = 'NOTIFICATION_NOT_FOUND',
}

const statusOf: Record<NotificationErrorCode, HttpStatus> = {
  [NotificationErrorCode.NotificationNotFound]: HttpStatus.NOT_FOUND,
};

export class NotificationException extends AppException {
  constructor(code: NotificationErrorCode, message: string) {
    super(statusOf[code], code, message);
  }
}
